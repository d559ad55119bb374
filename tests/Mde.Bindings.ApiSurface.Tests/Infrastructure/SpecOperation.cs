using System.Text.Json;
using Mde.Bindings.Testing;

namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>Where a parameter goes on the wire.</summary>
internal enum ParameterPlace
{
    Path,
    Query,
}

/// <summary>One parameter of an operation as its spec declares it: the name on the wire, and the C# name when the spec gives one.</summary>
internal sealed record SpecParameter(string WireName, string? ExplicitName, ParameterPlace Place)
{
    /// <summary>
    /// Whether <paramref name="csharpName"/> is this parameter's C# name: the spec's "name", or else the wire name
    /// camel-cased (machine_id and machineId alike), as the generator names it.
    /// </summary>
    public bool IsNamed(string csharpName) =>
        ExplicitName is not null ? ExplicitName == csharpName : Letters(WireName) == Letters(csharpName);

    private static string Letters(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}

/// <summary>What an operation's spec says it returns (<c>returns</c>), by form.</summary>
internal enum ReturnsForm
{
    /// <summary>No <c>returns</c>: no content.</summary>
    None,

    /// <summary>A type: the body is that type.</summary>
    Value,

    /// <summary><c>{ "value": T }</c>: an OData wrapper the client unwraps.</summary>
    ODataValue,

    /// <summary><c>{ "downloadLink": T, "validFor": … }</c>: a short-lived link in an OData <c>value</c>.</summary>
    DownloadLink,

    /// <summary>Spec v2 <c>{ "pages": T }</c>: an OData collection that follows <c>@odata.nextLink</c>.</summary>
    Pages,

    /// <summary>Spec v2 <c>{ "exportFiles": T, "validFor": … }</c>: links to GZIP JSON-lines files of T rows.</summary>
    ExportFiles,
}

/// <summary>
/// One endpoint of a shipped spec file (api-spec/{Group}.api.json), read from the file itself: what the per-operation
/// tests expect of the generated client — method, path template, parameters, the form of what it returns, and the
/// spec's property aliases (a member read under an alias is written back under the property's own JSON name).
/// </summary>
internal sealed record SpecOperation(
    string Group,
    string ApiName,
    string Namespace,
    string Name,
    string Method,
    string Path,
    IReadOnlyList<SpecParameter> Parameters,
    bool HasBody,
    ReturnsForm Returns,
    int? SuccessStatus,
    IReadOnlyDictionary<string, string> Aliases,
    bool HasMultipartBody)
{
    /// <summary>The folder of the shipped specs.</summary>
    public static string SpecFolder { get; } = System.IO.Path.Combine(RepositoryRoot.Path, "api-spec");

    /// <summary>Every endpoint of every shipped spec, by group then as the file lists them.</summary>
    public static IReadOnlyList<SpecOperation> All { get; } = Directory.EnumerateFiles(SpecFolder, "*.api.json")
        .Order(StringComparer.Ordinal)
        .SelectMany(file => Read(System.IO.Path.GetFileName(file)[..^".api.json".Length], File.ReadAllText(file)))
        .ToList();

    /// <summary>The endpoint <paramref name="name"/> of the spec file of <paramref name="group"/>.</summary>
    public static SpecOperation Find(string group, string name) =>
        All.SingleOrDefault(o => o.Group == group && o.Name == name)
        ?? throw new InvalidOperationException($"api-spec/{group}.api.json has no endpoint {name}.");

    private static IEnumerable<SpecOperation> Read(string group, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        JsonElement root = document.RootElement;
        string apiName = root.GetProperty("name").GetString()!;
        string ns = root.GetProperty("namespace").GetString()!;
        Dictionary<string, string> aliases = ReadAliases(root);
        var operations = new List<SpecOperation>();
        foreach (JsonProperty endpoint in root.GetProperty("endpoints").EnumerateObject())
        {
            JsonElement e = endpoint.Value;
            operations.Add(new SpecOperation(
                group,
                apiName,
                ns,
                endpoint.Name,
                e.GetProperty("method").GetString()!.ToUpperInvariant(),
                e.GetProperty("path").GetString()!,
                ReadParameters(e),
                e.TryGetProperty("body", out _),
                ReadForm(e),
                e.TryGetProperty("x-status", out JsonElement status) && status.ValueKind == JsonValueKind.Object && status.TryGetProperty("success", out JsonElement success) && success.ValueKind == JsonValueKind.Number
                    ? success.GetInt32()
                    : null,
                aliases,
                e.TryGetProperty("body", out JsonElement body) && body.ValueKind == JsonValueKind.Object));
        }

        return operations;
    }

    /// <summary>Every model property alias of the spec, mapped to the property's JSON name (the name the model writes).</summary>
    private static Dictionary<string, string> ReadAliases(JsonElement root)
    {
        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("models", out JsonElement models))
        {
            return aliases;
        }

        foreach (JsonProperty model in models.EnumerateObject())
        {
            if (!model.Value.TryGetProperty("properties", out JsonElement properties))
            {
                continue;
            }

            foreach (JsonProperty property in properties.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("aliases", out JsonElement names))
                {
                    foreach (JsonElement alias in names.EnumerateArray())
                    {
                        aliases[alias.GetString()!] = property.Name;
                    }
                }
            }
        }

        return aliases;
    }

    private static List<SpecParameter> ReadParameters(JsonElement endpoint)
    {
        var parameters = new List<SpecParameter>();
        if (!endpoint.TryGetProperty("parameters", out JsonElement declared))
        {
            return parameters;
        }

        foreach (JsonProperty p in declared.EnumerateObject())
        {
            string? csharpName = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("name", out JsonElement name) ? name.GetString() : null;
            bool query = p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("in", out JsonElement place) && place.GetString() == "query";
            parameters.Add(new SpecParameter(p.Name, csharpName, query ? ParameterPlace.Query : ParameterPlace.Path));
        }

        return parameters;
    }

    private static ReturnsForm ReadForm(JsonElement endpoint)
    {
        if (!endpoint.TryGetProperty("returns", out JsonElement returns))
        {
            return ReturnsForm.None;
        }

        if (returns.ValueKind == JsonValueKind.String)
        {
            return ReturnsForm.Value;
        }

        return returns.TryGetProperty("value", out _) ? ReturnsForm.ODataValue
            : returns.TryGetProperty("downloadLink", out _) ? ReturnsForm.DownloadLink
            : returns.TryGetProperty("pages", out _) ? ReturnsForm.Pages
            : returns.TryGetProperty("exportFiles", out _) ? ReturnsForm.ExportFiles
            : throw new InvalidOperationException("Unknown returns form: " + returns.GetRawText());
    }
}
