namespace Mde.Bindings.DocsCheck.Check;

/// <summary>
/// One endpoint of a shipped spec, with what the docs check needs: the values to compare, the page it maps to
/// (<c>x-docs</c>), older published values (<c>x-permissions-history</c>, <c>x-limits-history</c>) and the notes that
/// explain a difference from the page (<c>x-docs-differences</c>).
/// </summary>
internal sealed record SpecOperation(
    string SpecFile,
    string Name,
    string Method,
    string Path,
    IReadOnlyList<string> ApplicationPermissions,
    IReadOnlyList<string> DelegatedPermissions,
    IReadOnlyList<string> Limits,
    string? DocsPage,
    string? DocsOperation,
    string? NoDocsReason,
    IReadOnlyList<SpecHistoryEntry> History,
    IReadOnlyDictionary<string, string> Explanations);

/// <summary>An older published value of an endpoint, with the source (repository@commit) that printed it.</summary>
internal sealed record SpecHistoryEntry(string Source, IReadOnlyList<string>? Application, IReadOnlyList<string>? Delegated, IReadOnlyList<string>? Limits);
