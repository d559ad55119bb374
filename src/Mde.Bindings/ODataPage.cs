using System.Globalization;

namespace Mde.Bindings;

/// <summary>
/// One page of an OData collection, as a generated <c>{Operation}PageAsync</c> call returns it: the page's items, the
/// link to the next page, and the size of the whole collection when the service counted it (<c>$count=true</c>).
/// </summary>
/// <typeparam name="T">The element type: a generated model or enum.</typeparam>
/// <remarks>
/// Most code does not need pages: the generated <c>{Operation}Async</c> enumerates every item of every page and checks
/// that the listing is complete. Read pages yourself to resume a listing later or to spread it over time; pass
/// <see cref="NextLink"/> to the page call's <c>nextLink</c> overload, which accepts only addresses of the API itself.
/// </remarks>
/// <example>
/// <code>
/// ODataPage&lt;Machine&gt; page = await api.ListMachinesPageAsync(filter: "healthStatus eq 'Active'");
/// while (true)
/// {
///     foreach (Machine machine in page.Items)
///     {
///         Console.WriteLine(machine.ComputerDnsName);
///     }
///
///     if (page.NextLink is null)
///     {
///         break;
///     }
///
///     page = await api.ListMachinesPageAsync(page.NextLink);
/// }
/// </code>
/// </example>
public sealed class ODataPage<T>
{
    /// <summary>Creates a page. Generated clients call this; tests and fakes may too.</summary>
    /// <param name="items">The page's items, in the order the service sent them.</param>
    /// <param name="nextLink">The absolute address of the next page; <see langword="null"/> on the last page.</param>
    /// <param name="count">The number of items of the whole collection (<c>@odata.count</c>), when the service sent it.</param>
    /// <exception cref="ArgumentException"><paramref name="nextLink"/> is relative, or <paramref name="count"/> is negative.</exception>
    public ODataPage(IReadOnlyList<T> items, Uri? nextLink, long? count = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (nextLink is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("A next link must be an absolute URI.", nameof(nextLink));
        }

        if (count < 0)
        {
            throw new ArgumentException("A count cannot be negative.", nameof(count));
        }

        Items = items;
        NextLink = nextLink;
        Count = count;
    }

    /// <summary>The page's items (<c>value</c>).</summary>
    public IReadOnlyList<T> Items { get; }

    /// <summary>The address of the next page (<c>@odata.nextLink</c>); <see langword="null"/> when this is the last page.</summary>
    public Uri? NextLink { get; }

    /// <summary>The number of items of the whole collection (<c>@odata.count</c>), when the service sent it.</summary>
    public long? Count { get; }

    /// <summary>The address this page was read from, for the completeness checks of the enumeration; null for a page made by hand.</summary>
    internal Uri? RequestUri { get; init; }

    /// <summary>Describes the page by its sizes only: a next link holds the query (filters and a continuation token).</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ODataPage<{typeof(T).Name}>({Items.Count} items{(Count is { } count ? $" of {count}" : string.Empty)}, {(NextLink is null ? "last page" : "more pages")})");
}
