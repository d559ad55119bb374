using Mde.Bindings.Testing;

namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>The stored docs pages (tests/TestData/defender-docs/api).</summary>
internal static class DocsPageFolder
{
    public static string Path { get; } = System.IO.Path.Combine(RepositoryRoot.Path, "tests", "TestData", "defender-docs", "api");

    /// <summary>Every page's file name (as the spec's <c>x-docs</c> names it) and text, in file name order.</summary>
    public static IEnumerable<(string Page, string Markdown)> Pages() =>
        Directory.EnumerateFiles(Path, "*.md")
            .Order(StringComparer.Ordinal)
            .Select(file => (System.IO.Path.GetFileName(file), File.ReadAllText(file)));
}
