using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mde.Bindings.Generator.Tests.SpecFormat;

/// <summary>
/// Checks a JSON payload against a model of a spec, the way the format defines reading: a member is found
/// under its key or one of its aliases, null only where the type is nullable, required members present,
/// enum values known. Members the model does not declare are reported too, so a test can prove a model
/// covers every field of a sample. Independent of the generator: it reads the spec as plain JSON.
/// </summary>
internal sealed class SpecPayloadChecker(JsonObject spec)
{
    private readonly JsonObject _models = spec["models"]?.AsObject() ?? [];
    private readonly JsonObject _enums = spec["enums"]?.AsObject() ?? [];

    public IReadOnlyList<string> Check(string modelName, JsonNode? payload)
    {
        var problems = new List<string>();
        CheckModel(modelName, payload, "$", problems);
        return problems;
    }

    private void CheckModel(string modelName, JsonNode? node, string at, List<string> problems)
    {
        if (node is not JsonObject payload)
        {
            problems.Add($"{at}: expected a {modelName} object, found {Kind(node)}");
            return;
        }

        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (jsonName, declaration) in Members(_models[modelName]!["properties"]!.AsObject()))
        {
            var (type, aliases, required) = ReadProperty(declaration!);
            var present = aliases.Prepend(jsonName).Where(payload.ContainsKey).ToList();
            declared.UnionWith(aliases.Prepend(jsonName));
            if (present.Count == 0 && required)
            {
                problems.Add($"{at}: required member '{jsonName}' of {modelName} is missing");
            }

            foreach (var name in present)
            {
                CheckValue(type, payload[name], $"{at}.{name}", problems);
            }
        }

        problems.AddRange(payload
            .Where(member => !declared.Contains(member.Key))
            .Select(member => $"{at}: member '{member.Key}' is not declared in {modelName}"));
    }

    private void CheckValue(string type, JsonNode? value, string at, List<string> problems)
    {
        var nullable = type.EndsWith('?');
        var bare = nullable ? type[..^1] : type;
        if (value is null)
        {
            if (!nullable)
            {
                problems.Add($"{at}: null, but {type} is not nullable");
            }

            return;
        }

        if (bare.EndsWith("[]", StringComparison.Ordinal))
        {
            if (value is not JsonArray array)
            {
                problems.Add($"{at}: expected an array, found {Kind(value)}");
                return;
            }

            for (var i = 0; i < array.Count; i++)
            {
                CheckValue(bare[..^2], array[i], $"{at}[{i}]", problems);
            }

            return;
        }

        var ok = bare switch
        {
            "string" => value.GetValueKind() == JsonValueKind.String,
            "bool" => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "int32" => value.GetValueKind() == JsonValueKind.Number && int.TryParse(value.ToJsonString(), CultureInfo.InvariantCulture, out _),
            "int64" => value.GetValueKind() == JsonValueKind.Number && long.TryParse(value.ToJsonString(), CultureInfo.InvariantCulture, out _),
            "double" => value.GetValueKind() == JsonValueKind.Number,
            "uuid" => value.GetValueKind() == JsonValueKind.String && Guid.TryParse(value.GetValue<string>(), out _),
            "datetime" => value.GetValueKind() == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ when _enums.ContainsKey(bare) => value.GetValueKind() == JsonValueKind.String && EnumValues(bare).Contains(value.GetValue<string>()),
            _ when _models.ContainsKey(bare) => CheckNested(bare, value, at, problems),
            _ => throw new InvalidOperationException($"{at}: type '{bare}' is neither a primitive nor declared in the spec"),
        };
        if (!ok)
        {
            problems.Add($"{at}: {value.ToJsonString()} is not a valid {bare}");
        }
    }

    private bool CheckNested(string modelName, JsonNode value, string at, List<string> problems)
    {
        CheckModel(modelName, value, at, problems);
        return true;
    }

    private HashSet<string> EnumValues(string enumName)
    {
        var declaration = _enums[enumName]!;
        var values = declaration is JsonArray array ? array : declaration["values"]!.AsArray();
        return values.Select(v => v!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
    }

    private static (string Type, IReadOnlyList<string> Aliases, bool Required) ReadProperty(JsonNode declaration) =>
        declaration is JsonValue
            ? (declaration.GetValue<string>(), [], false)
            : (declaration["type"]!.GetValue<string>(),
                declaration["aliases"]?.AsArray().Select(a => a!.GetValue<string>()).ToList() ?? [],
                declaration["required"]?.GetValue<bool>() ?? false);

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Members(JsonObject map) =>
        map.Where(member => !member.Key.StartsWith("x-", StringComparison.Ordinal));

    private static string Kind(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString();
}
