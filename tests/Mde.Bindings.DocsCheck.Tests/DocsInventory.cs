using Mde.Bindings.DocsCheck.DocsPages;

namespace Mde.Bindings.DocsCheck;

/// <summary>Everything the stored pages say, read once per test run: the operations and each page's source commit.</summary>
internal static class DocsInventory
{
    private static readonly Lazy<(IReadOnlyList<DocsOperation> Operations, IReadOnlyDictionary<string, string> Commits)> Read = new(() =>
    {
        var pages = DocsPageFolder.Pages().ToList();
        IReadOnlyList<DocsOperation> operations = SharedRequestLines.Mark(PermissionNameTypos.Mark(
            pages.SelectMany(p => DocsPageReader.Read(p.Page, p.Markdown)).ToList()));
        return (operations, pages.ToDictionary(p => p.Page, p => DocsPageSource.Commit(p.Page, p.Markdown), StringComparer.Ordinal));
    });

    public static IReadOnlyList<DocsOperation> Operations => Read.Value.Operations;

    public static IReadOnlyDictionary<string, string> PageCommits => Read.Value.Commits;
}
