using System.Text;

namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// Writes docs/api-inventory.md: every operation the stored pages document, as the tolerant reader read it,
/// for the sessions that write the specs of the whole API.
/// </summary>
internal static class ApiInventoryWriter
{
    public const string UpdateVariable = "MDE_UPDATE_API_INVENTORY";

    public static string Write(IReadOnlyList<DocsOperation> operations, IReadOnlyDictionary<string, string> pageCommits)
    {
        var text = new StringBuilder();
        text.AppendLine("# Defender for Endpoint API inventory (generated)");
        text.AppendLine();
        text.AppendLine("Every operation that the stored docs pages (`tests/TestData/defender-docs/api/`, see the README there for");
        text.AppendLine("source, commit and licence) document, as the docs check's tolerant reader reads them. Generated: do not edit.");
        text.AppendLine("Regenerate with:");
        text.AppendLine();
        text.AppendLine("```");
        text.AppendLine($"{UpdateVariable}=1 dotnet test tests/Mde.Bindings.DocsCheck.Tests --filter \"FullyQualifiedName~ApiInventoryFileTests\"");
        text.AppendLine("```");
        text.AppendLine();
        int pages = operations.Select(o => o.Page).Distinct(StringComparer.Ordinal).Count();
        text.AppendLine($"{operations.Count} operations on {pages} pages; {operations.Count(o => o.Anomalies.Count > 0)} with anomalies.");
        text.AppendLine("Paths are normalised (no host, `/api/` prefix, placeholders in braces); limits are written as the specs write them.");
        text.AppendLine();
        text.AppendLine("| operation | page | method | path | application | delegated | limits |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (DocsOperation o in operations)
        {
            text.AppendLine($"| {Cell(o.Name)} | {o.Page} | {o.Method} | `{o.Path}` | {Cell(string.Join(", ", o.ApplicationPermissions))} | {Cell(string.Join(", ", o.DelegatedPermissions))} | {Cell(string.Join(", ", o.Limits))} |");
        }

        text.AppendLine();
        text.AppendLine("## Anomalies");
        text.AppendLine();
        text.AppendLine("What the reader had to repair or could not find, page by page (the page text is kept as published).");
        text.AppendLine();
        foreach (DocsOperation o in operations.Where(o => o.Anomalies.Count > 0))
        {
            string commit = pageCommits.TryGetValue(o.Page, out string? c) ? "@" + c[..8] : string.Empty;
            text.AppendLine($"- **{o.Name}** ({o.Page}{commit}, {o.Method} `{o.Path}`): {string.Join("; ", o.Anomalies.Distinct(StringComparer.Ordinal))}.");
        }

        return text.ToString().ReplaceLineEndings("\n");
    }

    private static string Cell(string value) => value.Length == 0 ? "-" : value.Replace("|", "\\|", StringComparison.Ordinal);
}
