namespace Mde.Bindings.PackageTests.Snippets;

/// <summary>
/// The pages whose C# blocks must compile: README.md, docs/*.md and the spec format's reference (the diagnostics pages
/// under docs/diagnostics show wrong code on purpose).
/// </summary>
public static class DocumentationPages
{
    /// <summary>The pages' paths relative to the repository root, README.md first.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "README.md",
        .. Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md")
            .Select(path => "docs/" + Path.GetFileName(path))
            .Order(StringComparer.Ordinal),
        "api-spec/README.md",
    ];

    /// <summary>Every C# block of every page.</summary>
    public static IReadOnlyList<DocumentSnippet> Snippets() =>
        All.SelectMany(page => MarkdownSnippetReader.Read(page, File.ReadAllText(Path.Combine(RepositoryRoot.Path, page)))).ToList();
}
