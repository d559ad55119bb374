using System.Text.Json.Nodes;
using Mde.Bindings.Generator.Tests.SpecFormat;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// Specs/all-features.api.json is the generator's coverage spec: these tests keep it using every feature of
/// the format, so a feature cannot silently drop out of what the generator tests exercise.
/// </summary>
public sealed class AllFeaturesSpecTests
{
    private static readonly JsonObject Spec =
        JsonNode.Parse(File.ReadAllText(SpecFiles.AllFeaturesSpecPath))!.AsObject();

    private static IEnumerable<(string Name, JsonObject Value)> Endpoints => Entries(Spec["endpoints"]);

    private static IEnumerable<(string Name, JsonObject? Value, string Type)> Parameters =>
        Endpoints.SelectMany(e => Entries(e.Value["parameters"], objectsOnly: false))
            .Select(p => (p.Name, p.Value as JsonObject, p.Value is JsonObject o ? o["type"]!.GetValue<string>() : p.Value.GetValue<string>()));

    private static IEnumerable<(string Name, JsonObject? Value, string Type)> Properties =>
        Entries(Spec["models"]).SelectMany(m => Entries(m.Value["properties"], objectsOnly: false))
            .Select(p => (p.Name, p.Value as JsonObject, p.Value is JsonObject o ? o["type"]!.GetValue<string>() : p.Value.GetValue<string>()));

    [Fact]
    public void Names_the_api_as_documented_and_leaves_visibility_default()
    {
        Assert.Equal("Machines", Spec["name"]!.GetValue<string>());
        Assert.Equal("Contoso.Defender.Machines", Spec["namespace"]!.GetValue<string>());
        Assert.False(Spec.ContainsKey("visibility"));
    }

    [Theory]
    [InlineData("string")]
    [InlineData("int32")]
    [InlineData("int64")]
    [InlineData("bool")]
    [InlineData("double")]
    [InlineData("uuid")]
    [InlineData("datetime")]
    public void Uses_each_primitive_as_a_property_and_as_a_parameter(string primitive)
    {
        Assert.Contains(Properties, p => Bare(p.Type) == primitive);
        Assert.Contains(Parameters, p => Bare(p.Type) == primitive);
    }

    [Fact]
    public void Uses_arrays_nullables_nested_models_and_enums_in_both_forms()
    {
        var models = Entries(Spec["models"]).Select(m => m.Name).ToHashSet();
        var enums = Spec["enums"]!.AsObject().Where(e => !e.Key.StartsWith("x-", StringComparison.Ordinal)).ToList();

        Assert.Contains(Properties, p => p.Type.EndsWith("[]", StringComparison.Ordinal));
        Assert.Contains(Properties, p => p.Type.EndsWith("[]?", StringComparison.Ordinal));
        Assert.Contains(Properties, p => p.Type.EndsWith('?') && !p.Type.Contains('['));
        Assert.Contains(Properties, p => models.Contains(Bare(p.Type)) && !p.Type.Contains('['));
        Assert.Contains(Properties, p => models.Contains(Bare(p.Type)) && p.Type.Contains('['));
        Assert.Contains(enums, e => e.Value is JsonArray);
        Assert.Contains(enums, e => e.Value is JsonObject o && o.ContainsKey("summary"));
        Assert.Contains(enums, e => e.Value is JsonObject o && !o.ContainsKey("summary"));
        Assert.Contains(Properties, p => enums.Any(e => e.Key == Bare(p.Type)));
        Assert.Contains(Parameters, p => enums.Any(e => e.Key == Bare(p.Type)));
    }

    [Fact]
    public void Uses_every_property_option()
    {
        Assert.Contains(Properties, p => p.Value?["aliases"] is JsonArray { Count: > 1 });
        Assert.Contains(Properties, p => p.Value?["required"]?.GetValue<bool>() == true);
        Assert.Contains(Properties, p => p.Value?["required"]?.GetValue<bool>() == false);
        Assert.Contains(Properties, p => p.Value?["nulPadded"]?.GetValue<bool>() == true && p.Type == "string");
        Assert.Contains(Properties, p => p.Value?["nulPadded"]?.GetValue<bool>() == true && p.Type == "string?" && p.Value["aliases"] is not null);
        Assert.Contains(Properties, p => p.Value?["name"] is not null);
        Assert.Contains(Properties, p => p.Value is null);
        Assert.Contains(Properties, p => p.Name.Contains('_', StringComparison.Ordinal));
        Assert.Contains(Properties, p => p.Name == "@odata.context");
    }

    [Fact]
    public void Uses_every_parameter_form()
    {
        var path = Parameters.Where(p => p.Value?["in"]?.GetValue<string>() != "query").ToList();
        var query = Parameters.Where(p => p.Value?["in"]?.GetValue<string>() == "query").ToList();

        Assert.Contains(path, p => p.Value is null && p.Type == "int32");
        Assert.Contains(path, p => p.Value is null && p.Type == "uuid");
        Assert.Contains(path, p => p.Value is not null && p.Value["name"] is not null);
        Assert.Contains(query, p => p.Value!["name"] is not null);
        Assert.Contains(query, p => p.Name.StartsWith('$'));
        Assert.Contains(query, p => !p.Type.EndsWith('?'));
        Assert.Contains(Endpoints, e => e.Value["parameters"] is JsonObject ps
            && ps.Count(p => p.Value is not JsonObject { } o || o["in"]?.GetValue<string>() != "query") >= 2);
    }

    [Fact]
    public void Uses_every_method_body_and_permission_shape()
    {
        var methods = Endpoints.Select(e => e.Value["method"]!.GetValue<string>()).ToHashSet();
        var permissions = Endpoints.Select(e => e.Value["permissions"]!.AsObject()).ToList();

        Assert.Equal(["DELETE", "GET", "PATCH", "POST", "PUT"], methods.Order());
        Assert.All(new[] { "POST", "PUT", "PATCH" }, m => Assert.Contains(Endpoints, e => e.Value["method"]!.GetValue<string>() == m && e.Value["body"] is not null));
        Assert.Contains(permissions, p => !p.ContainsKey("delegated"));
        Assert.Contains(permissions, p => p["application"] is JsonArray { Count: 0 });
        Assert.Contains(permissions, p => p["application"] is JsonArray { Count: > 1 });
    }

    [Fact]
    public void Uses_every_returns_form()
    {
        var returns = Endpoints.Select(e => e.Value["returns"]).ToList();

        Assert.Contains(returns, r => r is null);
        Assert.Contains(returns, r => r is JsonValue v && !v.GetValue<string>().EndsWith("[]", StringComparison.Ordinal));
        Assert.Contains(returns, r => r is JsonValue v && v.GetValue<string>().EndsWith("[]", StringComparison.Ordinal));
        Assert.Contains(returns, r => r is JsonObject o && o.ContainsKey("value"));
        Assert.Contains(returns, r => r is JsonObject o && o["downloadLink"]?.GetValue<string>() == "bytes");
        Assert.Contains(returns, r => r is JsonObject o && o["downloadLink"] is JsonValue t && t.GetValue<string>() != "bytes");
    }

    [Fact]
    public void Uses_several_limits_every_unit_and_an_unthrottled_endpoint()
    {
        var limits = Endpoints.Select(e => e.Value["limits"]?.AsArray().Select(l => l!.GetValue<string>()).ToList() ?? []).ToList();

        Assert.Contains(limits, l => l.Count == 0);
        Assert.Contains(limits, l => l.Count >= 3);
        Assert.All(new[] { "second", "minute", "hour", "day" }, unit =>
            Assert.Contains(limits.SelectMany(l => l), l => l.EndsWith("/" + unit, StringComparison.Ordinal)));
    }

    [Fact]
    public void Puts_extension_keys_at_every_level()
    {
        Assert.True(HasExtension(Spec));
        Assert.True(HasExtension(Spec["endpoints"]));
        Assert.True(HasExtension(Spec["models"]));
        Assert.True(HasExtension(Spec["enums"]));
        Assert.Contains(Endpoints, e => HasExtension(e.Value));
        Assert.Contains(Endpoints, e => HasExtension(e.Value["parameters"]));
        Assert.Contains(Endpoints, e => HasExtension(e.Value["permissions"]));
        Assert.Contains(Endpoints, e => HasExtension(e.Value["returns"]));
        Assert.Contains(Parameters, p => HasExtension(p.Value));
        Assert.Contains(Entries(Spec["models"]), m => HasExtension(m.Value));
        Assert.Contains(Entries(Spec["models"]), m => HasExtension(m.Value["properties"]));
        Assert.Contains(Properties, p => HasExtension(p.Value));
        Assert.Contains(Entries(Spec["enums"]), e => HasExtension(e.Value));
    }

    private static string Bare(string type) => type.TrimEnd('?').Replace("[]", string.Empty, StringComparison.Ordinal);

    private static bool HasExtension(JsonNode? node) =>
        node is JsonObject o && o.Any(m => m.Key.StartsWith("x-", StringComparison.Ordinal));

    private static IEnumerable<(string Name, JsonObject Value)> Entries(JsonNode? map) =>
        Entries(map, objectsOnly: true).Select(e => (e.Name, e.Value.AsObject()));

    private static IEnumerable<(string Name, JsonNode Value)> Entries(JsonNode? map, bool objectsOnly) =>
        (map as JsonObject ?? [])
            .Where(m => !m.Key.StartsWith("x-", StringComparison.Ordinal) && (!objectsOnly || m.Value is JsonObject))
            .Select(m => (m.Key, m.Value!));
}
