using System.Text;
using System.Text.Json;

namespace Mde.Bindings.DocsCheck.ApiPages;

/// <summary>
/// Writes docs/apis/: one page per shipped spec (api-spec/{group}.api.json) with its operations' methods, paths,
/// permissions, limits and returns, and README.md as the index. Everything comes from the spec files, so the pages
/// say what the generated code does.
/// </summary>
internal static class ApiGroupPagesWriter
{
    public const string UpdateVariable = "MDE_UPDATE_API_PAGES";

    public const string RegenerateCommand = $"{UpdateVariable}=1 dotnet test tests/Mde.Bindings.DocsCheck.Tests --filter \"FullyQualifiedName~ApiGroupPagesTests\"";

    private const string DocsRoot = "https://learn.microsoft.com/defender-endpoint/api/";

    private const string Unthrottled = "none documented — no permit taken";

    /// <summary>Every page of docs/apis/ by file name, README.md included, from the spec files in <paramref name="specFolder"/>.</summary>
    public static IReadOnlyDictionary<string, string> Write(string specFolder)
    {
        List<SpecGroup> groups = Directory.EnumerateFiles(specFolder, "*.api.json")
            .Order(StringComparer.Ordinal)
            .Select(file => SpecGroup.Read(Path.GetFileName(file)[..^".api.json".Length], File.ReadAllText(file)))
            .ToList();
        var pages = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["README.md"] = Index(groups) };
        foreach (SpecGroup group in groups)
        {
            pages[group.Group + ".md"] = Page(group);
        }

        return pages;
    }

    private static string Index(IReadOnlyList<SpecGroup> groups)
    {
        var text = new StringBuilder();
        text.AppendLine("# The shipped APIs");
        text.AppendLine();
        Generated(text, "api-spec/*.api.json");
        text.AppendLine("The package ships one spec per group of the Defender for Endpoint API. A project compiles the ones its");
        text.AppendLine("`MdeBindingsApis` property names: a semicolon list of the spec names below (any case), or `all`. The default is");
        text.AppendLine("`live-response`. A name the package does not ship stops the build with the list of the names it does ship;");
        text.AppendLine("`MdeBindingsIncludeDefaultSpecs` set to `false` still leaves every shipped spec out. Your own `*.api.json` files");
        text.AppendLine("are compiled whatever the property says.");
        text.AppendLine();
        text.AppendLine("```xml");
        text.AppendLine("<PropertyGroup>");
        text.AppendLine($"  <MdeBindingsApis>{string.Join(";", groups.Select(g => g.Group).Take(2))}</MdeBindingsApis>");
        text.AppendLine("</PropertyGroup>");
        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine($"{groups.Count} specs, {groups.Sum(g => g.Operations.Count)} operations.");
        text.AppendLine();
        text.AppendLine("| spec name | API | namespace | operations | what it covers |");
        text.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (SpecGroup g in groups)
        {
            text.AppendLine($"| [{g.Group}]({g.Group}.md) | {g.Name} | `{g.Namespace}` | {g.Operations.Count} | {Cell(g.Summary ?? "-")} |");
        }

        return Finish(text);
    }

    private static string Page(SpecGroup g)
    {
        var text = new StringBuilder();
        text.AppendLine($"# {g.Name} (`{g.Group}`)");
        text.AppendLine();
        Generated(text, $"api-spec/{g.Group}.api.json");
        if (g.Summary is not null)
        {
            text.AppendLine(g.Summary);
            text.AppendLine();
        }

        text.AppendLine($"Compiled when `MdeBindingsApis` names `{g.Group}` (or is `all`). Generated: the interface `{g.Namespace}.I{g.Name}Api`,");
        text.AppendLine($"its client `{g.Name}ApiClient`, the throttled decorator `Throttled{g.Name}Api`, the registration");
        text.AppendLine($"`services.Add{g.Name}Api(...)` and the metadata `{g.Name}ApiDescription` (its `All` lists the operations below).");
        text.AppendLine("Each call takes a permit of every limit listed before it is sent; an operation whose page documents no limit");
        text.AppendLine("takes none.");
        text.AppendLine();
        text.AppendLine("| operation | method | path | application permissions | delegated permissions | limits | returns | docs page |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (GroupOperation o in g.Operations)
        {
            text.AppendLine(
                $"| {o.Name} | {o.Method} | `{o.Path}` | {Cell(List(o.Application))} | {Cell(List(o.Delegated))} | " +
                $"{Cell(o.Limits.Count == 0 ? Unthrottled : string.Join(", ", o.Limits))} | {Cell(o.Returns)} | {Cell(o.Docs)} |");
        }

        text.AppendLine();
        text.AppendLine("## Operations");
        text.AppendLine();
        foreach (GroupOperation o in g.Operations)
        {
            text.AppendLine($"- **{o.Name}**: {o.Summary ?? "(no summary in the spec)"}");
        }

        return Finish(text);
    }

    private static void Generated(StringBuilder text, string source)
    {
        text.AppendLine($"Generated from `{source}`: do not edit. Regenerate with:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine(RegenerateCommand);
        text.AppendLine("```");
        text.AppendLine();
    }

    private static string Finish(StringBuilder text) => text.ToString().ReplaceLineEndings("\n");

    private static string List(IReadOnlyList<string> values) => values.Count == 0 ? "-" : string.Join(", ", values);

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>What one spec file says of its API, as the pages show it.</summary>
    private sealed record SpecGroup(string Group, string Name, string Namespace, string? Summary, IReadOnlyList<GroupOperation> Operations)
    {
        public static SpecGroup Read(string group, string json)
        {
            using JsonDocument document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonElement root = document.RootElement;
            var operations = new List<GroupOperation>();
            if (root.TryGetProperty("endpoints", out JsonElement endpoints))
            {
                foreach (JsonProperty endpoint in endpoints.EnumerateObject())
                {
                    JsonElement e = endpoint.Value;
                    JsonElement permissions = e.TryGetProperty("permissions", out JsonElement p) ? p : default;
                    operations.Add(new GroupOperation(
                        endpoint.Name,
                        OptionalString(e, "summary"),
                        e.GetProperty("method").GetString()!.ToUpperInvariant(),
                        e.GetProperty("path").GetString()!,
                        Strings(permissions, "application"),
                        Strings(permissions, "delegated"),
                        Strings(e, "limits"),
                        e.TryGetProperty("returns", out JsonElement returns) ? Returns(returns) : "no content",
                        e.TryGetProperty("x-docs", out JsonElement docs) ? DocsLink(docs) : "-"));
                }
            }

            return new SpecGroup(
                group,
                root.GetProperty("name").GetString()!,
                root.GetProperty("namespace").GetString()!,
                OptionalString(root, "summary"),
                operations);
        }

        private static string Returns(JsonElement returns)
        {
            if (returns.ValueKind == JsonValueKind.String)
            {
                return $"`{returns.GetString()}`";
            }

            string? validFor = OptionalString(returns, "validFor");
            string lifetime = validFor is null ? string.Empty : $", valid {validFor}";
            return OptionalString(returns, "value") is { } value ? $"`{value}` (OData `value`)"
                : OptionalString(returns, "downloadLink") is { } linked ? $"download link to {(linked == "bytes" ? "a file" : $"`{linked}`")}{lifetime}"
                : OptionalString(returns, "pages") is { } paged ? $"`{paged}` items of every page (OData `@odata.nextLink`)"
                : OptionalString(returns, "exportFiles") is { } rows ? $"export files of `{rows}` rows (GZIP JSON lines){lifetime}"
                : returns.GetRawText();
        }

        private static string DocsLink(JsonElement docs)
        {
            string? page = docs.ValueKind == JsonValueKind.String ? docs.GetString() : OptionalString(docs, "page");
            if (page is null)
            {
                return OptionalString(docs, "none") is { } why ? "none: " + why : "-";
            }

            string slug = page.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? page[..^3] : page;
            return $"[{slug}]({DocsRoot}{slug})";
        }

        private static string? OptionalString(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static List<string> Strings(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Select(v => v.GetString()!).ToList()
                : [];
    }

    private sealed record GroupOperation(
        string Name,
        string? Summary,
        string Method,
        string Path,
        IReadOnlyList<string> Application,
        IReadOnlyList<string> Delegated,
        IReadOnlyList<string> Limits,
        string Returns,
        string Docs);
}
