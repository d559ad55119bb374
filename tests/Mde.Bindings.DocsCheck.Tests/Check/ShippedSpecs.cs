using System.Text.Json;
using Mde.Bindings.Testing;

namespace Mde.Bindings.DocsCheck.Check;

/// <summary>Reads every <c>api-spec/*.api.json</c> the repository ships, endpoint by endpoint.</summary>
internal static class ShippedSpecs
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot.Path, "api-spec");

    /// <summary>The endpoints of every shipped spec file.</summary>
    public static IReadOnlyList<SpecOperation> Operations() =>
        Directory.EnumerateFiles(Folder, "*.api.json")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => Read(Path.GetFileName(file), File.ReadAllText(file)))
            .ToList();

    /// <summary>The endpoints of one spec file's text.</summary>
    public static IEnumerable<SpecOperation> Read(string specFile, string json)
    {
        using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("endpoints", out JsonElement endpoints))
        {
            yield break;
        }

        foreach (JsonProperty endpoint in endpoints.EnumerateObject())
        {
            JsonElement e = endpoint.Value;
            JsonElement permissions = e.TryGetProperty("permissions", out JsonElement p) ? p : default;
            (string? page, string? operation, string? none) = DocsReference(e);
            yield return new SpecOperation(
                specFile,
                endpoint.Name,
                e.GetProperty("method").GetString()!,
                e.GetProperty("path").GetString()!,
                Strings(permissions, "application") ?? [],
                Strings(permissions, "delegated") ?? [],
                Strings(e, "limits") ?? [],
                page,
                operation,
                none,
                History(e),
                Explanations(e));
        }
    }

    private static (string? Page, string? Operation, string? None) DocsReference(JsonElement endpoint)
    {
        if (!endpoint.TryGetProperty("x-docs", out JsonElement docs))
        {
            return (null, null, null);
        }

        if (docs.ValueKind == JsonValueKind.String)
        {
            return (docs.GetString(), null, null);
        }

        return (
            docs.TryGetProperty("page", out JsonElement page) ? page.GetString() : null,
            docs.TryGetProperty("operation", out JsonElement operation) ? operation.GetString() : null,
            docs.TryGetProperty("none", out JsonElement none) ? none.GetString() : null);
    }

    private static List<SpecHistoryEntry> History(JsonElement endpoint)
    {
        var history = new List<SpecHistoryEntry>();
        foreach (string key in new[] { "x-permissions-history", "x-limits-history" })
        {
            if (endpoint.TryGetProperty(key, out JsonElement entries) && entries.ValueKind == JsonValueKind.Array)
            {
                history.AddRange(entries.EnumerateArray().Select(entry => new SpecHistoryEntry(
                    entry.TryGetProperty("source", out JsonElement source) ? source.GetString() ?? string.Empty : string.Empty,
                    Strings(entry, "application"),
                    Strings(entry, "delegated"),
                    Strings(entry, "limits"))));
            }
        }

        return history;
    }

    private static Dictionary<string, string> Explanations(JsonElement endpoint) =>
        endpoint.TryGetProperty("x-docs-differences", out JsonElement differences) && differences.ValueKind == JsonValueKind.Object
            ? differences.EnumerateObject().ToDictionary(d => d.Name, d => d.Value.GetString() ?? string.Empty, StringComparer.Ordinal)
            : [];

    private static List<string>? Strings(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(v => v.GetString()!).ToList()
            : null;
}
