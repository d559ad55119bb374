using System.Globalization;
using System.Text.Json;

namespace Mde.Bindings.Emulator.Tests;

/// <summary>
/// The shape of a docs example: member names and JSON kinds (strings holding dates count as dates), merged over the
/// elements of arrays. A member the example shows only as null says nothing about its type and may be left out; a
/// value the example never shows as null must not be null. An empty example array says nothing about its elements:
/// elements in the answer there are reported as unchecked, so that a test names the departure instead of passing it.
/// </summary>
internal sealed class JsonShape
{
    private JsonShape(JsonValueKind kind, bool isDate)
    {
        Kind = kind;
        IsDate = isDate;
    }

    /// <summary>The value's kind; <see cref="JsonValueKind.Null"/> when the example shows it only as null (any kind then goes).</summary>
    public JsonValueKind Kind { get; private set; }

    public bool IsDate { get; private set; }

    /// <summary>Whether the example shows the value as null somewhere (always so for <see cref="JsonValueKind.Null"/>).</summary>
    public bool IsNullable { get; private set; }

    /// <summary>Object members; Required when every example object has it non-null.</summary>
    public Dictionary<string, (JsonShape Shape, bool Required)> Members { get; } = new(StringComparer.Ordinal);

    public JsonShape? Element { get; private set; }

    public static JsonShape Of(JsonElement example) => From(example);

    /// <summary>Every way <paramref name="actual"/> departs from the shape, as "missing PATH", "extra PATH" or "kind PATH".</summary>
    public SortedSet<string> Differences(JsonElement actual)
    {
        var differences = new SortedSet<string>(StringComparer.Ordinal);
        Check(this, actual, "$", differences);
        return differences;
    }

    private static JsonShape From(JsonElement example)
    {
        JsonValueKind kind = example.ValueKind == JsonValueKind.False ? JsonValueKind.True : example.ValueKind;
        var shape = new JsonShape(kind, kind == JsonValueKind.String && IsDateText(example.GetString()!)) { IsNullable = kind == JsonValueKind.Null };
        if (kind == JsonValueKind.Object)
        {
            foreach (JsonProperty member in example.EnumerateObject())
            {
                JsonShape memberShape = From(member.Value);
                shape.Members[member.Name] = (memberShape, memberShape.Kind != JsonValueKind.Null);
            }
        }
        else if (kind == JsonValueKind.Array)
        {
            foreach (JsonElement item in example.EnumerateArray())
            {
                shape.Element = Merge(shape.Element, From(item));
            }
        }

        return shape;
    }

    private static JsonShape? Merge(JsonShape? a, JsonShape? b)
    {
        if (a is null || b is null)
        {
            return a ?? b;
        }

        // A null beside a value: the value's shape, which may be null.
        if (a.Kind == JsonValueKind.Null || b.Kind == JsonValueKind.Null)
        {
            JsonShape value = a.Kind == JsonValueKind.Null ? b : a;
            value.IsNullable = true;
            return value;
        }

        if (a.Kind == JsonValueKind.Object && b.Kind == JsonValueKind.Object)
        {
            foreach (string name in a.Members.Keys.Union(b.Members.Keys).ToList())
            {
                bool inA = a.Members.TryGetValue(name, out var ma);
                bool inB = b.Members.TryGetValue(name, out var mb);
                a.Members[name] = (Merge(ma.Shape, mb.Shape)!, inA && inB && ma.Required && mb.Required);
            }
        }
        else if (a.Kind == JsonValueKind.Array)
        {
            a.Element = Merge(a.Element, b.Element);
        }

        a.IsDate &= b.IsDate;
        a.IsNullable |= b.IsNullable;
        return a;
    }

    private static void Check(JsonShape shape, JsonElement actual, string path, SortedSet<string> differences)
    {
        JsonValueKind kind = actual.ValueKind == JsonValueKind.False ? JsonValueKind.True : actual.ValueKind;
        if (kind == JsonValueKind.Null || shape.Kind == JsonValueKind.Null)
        {
            if (!shape.IsNullable)
            {
                differences.Add($"null {path}: expected {(shape.IsDate ? "date" : shape.Kind)}");
            }

            return;
        }

        if (kind != shape.Kind || (shape.IsDate && !IsDateText(actual.GetString()!)))
        {
            differences.Add($"kind {path}: expected {(shape.IsDate ? "date" : shape.Kind)}, got {actual.ValueKind}");
            return;
        }

        if (kind == JsonValueKind.Object)
        {
            foreach ((string name, (JsonShape? memberShape, bool required)) in shape.Members)
            {
                if (required && !actual.TryGetProperty(name, out _))
                {
                    differences.Add($"missing {path}.{name}");
                }
            }

            foreach (JsonProperty member in actual.EnumerateObject())
            {
                if (!shape.Members.TryGetValue(member.Name, out var expected))
                {
                    differences.Add($"extra {path}.{member.Name}");
                }
                else
                {
                    Check(expected.Shape, member.Value, $"{path}.{member.Name}", differences);
                }
            }
        }
        else if (kind == JsonValueKind.Array)
        {
            foreach (JsonElement item in actual.EnumerateArray())
            {
                if (shape.Element is null)
                {
                    differences.Add($"unchecked {path}[]: the example's array is empty");
                    break;
                }

                Check(shape.Element, item, path + "[]", differences);
            }
        }
    }

    private static bool IsDateText(string text) =>
        text.Length >= 19 && text[10] == 'T' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _);
}
