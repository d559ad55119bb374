namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// Finds request lines (method and path) that two operations document: one of them is a copy of the other's
/// text, as when a page's second method repeats another page's URL.
/// </summary>
internal static class SharedRequestLines
{
    /// <summary>The operations, each with an anomaly added where another operation documents the same request line.</summary>
    public static IReadOnlyList<DocsOperation> Mark(IReadOnlyList<DocsOperation> operations) =>
        operations.Select(o =>
        {
            var others = operations
                .Where(other => !ReferenceEquals(other, o) && other.Method == o.Method && other.PathShape == o.PathShape)
                .Select(other => $"{other.Page} ('{other.Name}')")
                .ToList();
            return others.Count == 0
                ? o
                : o with { Anomalies = [.. o.Anomalies, $"the same request line is documented by {string.Join(", ", others)}"] };
        }).ToList();
}
