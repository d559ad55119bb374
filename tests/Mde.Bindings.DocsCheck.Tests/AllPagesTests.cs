using Mde.Bindings.DocsCheck.DocsPages;
using Xunit.Abstractions;

namespace Mde.Bindings.DocsCheck;

/// <summary>The reader over every stored page: each operation has a method, a path and permissions; the inventory is printed.</summary>
public sealed class AllPagesTests(ITestOutputHelper output)
{
    /// <summary>
    /// Issue 15 counts about 114 documented operations. The stored pages hold fewer while the store is being
    /// filled page by page; this floor is what is stored and read today, and rises with every page added.
    /// </summary>
    private const int OperationsStored = 111;

    /// <summary>Pages that document an operation without any permissions table (checked at the stored commit).</summary>
    private static readonly string[] PagesWithoutPermissionsTable =
    [
        "get-security-baselines-assessment-configurations.md",
        "get-security-baselines-assessment-profiles.md",
    ];

    [Fact]
    public void Every_stored_page_gives_operations_with_method_path_and_permissions()
    {
        IReadOnlyList<DocsOperation> operations = DocsInventory.Operations;
        foreach (DocsOperation o in operations)
        {
            output.WriteLine($"{o.Page} | {o.Name} | {o.Method} {o.Path} | app: {string.Join(", ", o.ApplicationPermissions)} | delegated: {string.Join(", ", o.DelegatedPermissions)} | {string.Join(", ", o.Limits)}{(o.Anomalies.Count > 0 ? " | anomalies: " + string.Join("; ", o.Anomalies) : string.Empty)}");
        }

        var pagesWithout = DocsPageFolder.Pages().Select(p => p.Page).Except(operations.Select(o => o.Page)).ToList();
        Assert.True(pagesWithout.Count == 0, "stored pages with no operation read: " + string.Join(", ", pagesWithout));
        Assert.All(operations, o =>
        {
            Assert.Matches("^(GET|POST|PUT|PATCH|DELETE)$", o.Method);
            Assert.StartsWith("/api/", o.Path, StringComparison.Ordinal);
        });

        // Every operation has permissions, except on the pages that print no permissions table at all.
        Assert.Equal(
            PagesWithoutPermissionsTable,
            operations.Where(o => o.ApplicationPermissions.Count + o.DelegatedPermissions.Count == 0).Select(o => o.Page).Order(StringComparer.Ordinal));
        Assert.All(
            operations.Where(o => PagesWithoutPermissionsTable.Contains(o.Page)),
            o => Assert.Contains("no Permissions section", o.Anomalies));
        Assert.True(operations.Count >= OperationsStored, $"{operations.Count} operations read, at least {OperationsStored} expected");
    }
}
