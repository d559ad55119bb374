using System;
using System.Collections.Generic;
using System.Linq;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Spec.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Spec;

/// <summary>Reading the members of spec objects: known keys, duplicates, value kinds, and where to point errors.</summary>
internal sealed partial class SpecReader
{
    /// <summary>
    /// The members of <paramref name="node"/> by name (first occurrence). Unknown keys and duplicates are reported;
    /// <c>x-</c> keys are free-form notes and skipped.
    /// </summary>
    private Dictionary<string, JsonMember> ReadMembers(JsonObject node, string context, IReadOnlyList<string> allowed)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var members = new Dictionary<string, JsonMember>(StringComparer.Ordinal);
        foreach (JsonMember member in node.Members)
        {
            if (IsNote(member.Name))
            {
                continue;
            }

            if (members.ContainsKey(member.Name))
            {
                Report(DiagnosticDescriptors.DuplicateName, member.NameSpan, "Key", member.Name, " in " + context, "remove one of them");
                continue;
            }

            if (!allowed.Contains(member.Name))
            {
                Report(DiagnosticDescriptors.UnknownKey, member.NameSpan, member.Name, context, SuggestKey(member.Name, allowed));
                continue;
            }

            members.Add(member.Name, member);
        }

        return members;
    }

    /// <summary>
    /// The entries of a map-like object (operations, models, properties…), first occurrence of each name; later ones
    /// are reported unless <paramref name="what"/> is null (they were reported elsewhere).
    /// </summary>
    private IEnumerable<JsonMember> DistinctEntries(JsonObject node, string? what, string context)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonMember member in node.Members)
        {
            if (IsNote(member.Name))
            {
                continue;
            }

            if (!seen.Add(member.Name))
            {
                if (what is not null)
                {
                    Report(DiagnosticDescriptors.DuplicateName, member.NameSpan, what, member.Name, " in " + context, "give each a distinct name");
                }

                continue;
            }

            yield return member;
        }
    }

    private static string SuggestKey(string key, IReadOnlyList<string> allowed)
    {
        string? closest = allowed
            .Select(candidate => (candidate, distance: EditDistance(key.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .Where(c => c.distance <= Math.Max(2, c.candidate.Length / 3))
            .OrderBy(c => c.distance)
            .Select(c => c.candidate)
            .FirstOrDefault();
        string known = "the keys allowed here are " + string.Join(", ", allowed) + " (and x- keys for free-form notes)";
        return closest is null ? known : "did you mean '" + closest + "'? " + known;
    }

    private static int EditDistance(string a, string b)
    {
        int[] previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int[] current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }

    /// <summary>A required string; when it is missing, the error points at <paramref name="ownerSpan"/> (the name of the object that lacks it, or its brace).</summary>
    private string? RequireString(TextSpan ownerSpan, Dictionary<string, JsonMember> members, string key, string context, string example)
    {
        if (!members.TryGetValue(key, out JsonMember? member))
        {
            Report(DiagnosticDescriptors.MissingKey, ownerSpan, Capitalize(context), key, example);
            return null;
        }

        return NonEmptyString(member, required: true);
    }

    private string? RequireIdentifier(TextSpan ownerSpan, Dictionary<string, JsonMember> members, string key, string context, string what, string example)
    {
        string? value = RequireString(ownerSpan, members, key, context, example);
        if (value is not null && Naming.WhyNotIdentifier(value) is { } why)
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, members[key].Value.Span, Capitalize(what), value, why);
            return null;
        }

        return value;
    }

    private string? OptionalString(Dictionary<string, JsonMember> members, string key) =>
        members.TryGetValue(key, out JsonMember? member) ? NonEmptyString(member) : null;

    private string? NonEmptyString(JsonMember member, bool required = false)
    {
        if (member.Value is not JsonString text)
        {
            Report(DiagnosticDescriptors.WrongValueKind, member.Value.Span, member.Name, "a string", member.Value.KindText);
            return null;
        }

        if (text.Value.Trim().Length == 0)
        {
            Report(DiagnosticDescriptors.EmptyValue, text.Span, member.Name, required ? "write a value" : "write a value or leave the key out");
            return null;
        }

        return text.Value;
    }

    private JsonObject? OptionalObject(Dictionary<string, JsonMember> members, string key) =>
        members.TryGetValue(key, out JsonMember? member) ? AsObject(member) : null;

    private JsonObject? AsObject(JsonMember member)
    {
        if (member.Value is JsonObject node)
        {
            return node;
        }

        Report(DiagnosticDescriptors.WrongValueKind, member.Value.Span, member.Name, "an object", member.Value.KindText);
        return null;
    }

    private bool? OptionalBool(Dictionary<string, JsonMember> members, string key)
    {
        if (!members.TryGetValue(key, out JsonMember? member))
        {
            return null;
        }

        if (member.Value.Kind is JsonNodeKind.True or JsonNodeKind.False)
        {
            return member.Value.Kind == JsonNodeKind.True;
        }

        Report(DiagnosticDescriptors.WrongValueKind, member.Value.Span, key, "true or false", member.Value.KindText);
        return null;
    }

    /// <summary>An array of non-empty strings; items that are not are reported and dropped.</summary>
    private List<(string Value, TextSpan Span)> StringArray(JsonMember member)
    {
        var items = new List<(string, TextSpan)>();
        if (member.Value is not JsonArray array)
        {
            Report(DiagnosticDescriptors.WrongValueKind, member.Value.Span, member.Name, "an array of strings", member.Value.KindText);
            return items;
        }

        foreach (JsonNode item in array.Items)
        {
            if (item is not JsonString text)
            {
                Report(DiagnosticDescriptors.WrongValueKind, item.Span, member.Name + "[]", "a string", item.KindText);
                continue;
            }

            if (text.Value.Trim().Length == 0)
            {
                Report(DiagnosticDescriptors.EmptyValue, text.Span, member.Name + "[]", "remove the empty item");
                continue;
            }

            items.Add((text.Value, text.Span));
        }

        return items;
    }

    private void Report(DiagnosticDescriptor descriptor, TextSpan span, params string[] arguments) =>
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, Location(span), arguments));

    private LocationInfo Location(TextSpan span) => new(_path, span, _text.Lines.GetLinePositionSpan(span));

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
