using Contoso.Inventory;
using Mde.Bindings;

/// <summary>Queues export links to fetch later: the mistake MDE1001 reports, for a link type of the project's own spec.</summary>
internal static class PendingExports
{
    private static readonly Queue<DownloadLink<InventoryExport>> s_links = new();

    public static int Count => s_links.Count;

    public static void Keep(DownloadLink<InventoryExport> link)
    {
        s_links.Enqueue(link); // MDE1001 expected
    }
}
