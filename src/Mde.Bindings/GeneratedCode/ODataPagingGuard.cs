using System.Globalization;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// Decides, page by page, whether a listing the service sends can be the whole collection, so that an enumeration
/// fails loudly instead of ending early as if it were complete. Each check answers a failure users reported:
/// <list type="bullet">
/// <item>a next link already followed: the listing loops and never ends (microsoft-365-docs issue 8316: without
/// <c>$top</c> "every response contains a nextlink");</item>
/// <item>a next link whose query lost its parameter names (<c>?=onboardingstatus…&amp;=10000</c>, issue 8316): the
/// filter is gone, the pages that follow belong to another query;</item>
/// <item>a next link whose <c>$skip</c> does not move past the page just read (issue 8316: <c>$skip=10000</c> again
/// and again): the same items would come back;</item>
/// <item>the listing ends (no next link) with fewer items than the service's own <c>@odata.count</c> for the query
/// (a listing that stops early silently looks complete: firezone PR 14768).</item>
/// </list>
/// What is legitimate passes: no next link after a <c>$top</c> request (the page documents it: "$top … doesn't return
/// @odata.nextLink"), an empty page with a new next link, more items than the count (items added meanwhile).
/// </summary>
internal sealed class ODataPagingGuard(string operation)
{
    private readonly HashSet<string> _requested = new(StringComparer.Ordinal);
    private Uri? _current;
    private long _read;
    private int _pages;
    private long? _count;
    private long _firstSkip;
    private long? _firstTop;

    /// <summary>The first page was read from <paramref name="firstRequest"/> (null for a page made by hand).</summary>
    public void Start(Uri? firstRequest)
    {
        _current = firstRequest;
        if (firstRequest is not null)
        {
            _requested.Add(firstRequest.AbsoluteUri);
            _firstSkip = QueryNumber(firstRequest, "$skip") ?? 0;
            _firstTop = QueryNumber(firstRequest, "$top");
        }
    }

    /// <summary>A page of <paramref name="items"/> items was read; <paramref name="count"/> is its <c>@odata.count</c>.</summary>
    public void Read(int items, long? count)
    {
        _pages++;
        _read += items;
        // The newest count wins: the collection may change while it is read.
        _count = count ?? _count;
    }

    /// <summary>The enumeration is about to request <paramref name="next"/>.</summary>
    /// <exception cref="ODataPagingException">Following it cannot complete the listing.</exception>
    public void Follow(Uri next)
    {
        // Checked again by the client; here it is refused before a throttled page call takes a permit for it.
        if (_current is not null && !ODataPagingOrigin.IsOf(next, _current))
        {
            throw ODataPagingOrigin.Refused(operation, next, _current, _read);
        }

        if (!_requested.Add(next.AbsoluteUri))
        {
            throw Fail($"the service sent a next link it had sent before, after {Progress()}: the listing loops and would never end.");
        }

        if (HasUnnamedParameter(next))
        {
            throw Fail($"after {Progress()} the service sent a next link whose query has parameters without names: it dropped the names of the query options (such as $filter), so the pages that follow would not belong to this query.");
        }

        if (QueryNumber(next, "$skip") is { } nextSkip)
        {
            long currentSkip = _current is null ? 0 : QueryNumber(_current, "$skip") ?? 0;
            if (nextSkip <= currentSkip)
            {
                throw Fail($"after {Progress()} the service sent a next link with $skip={nextSkip.ToString(CultureInfo.InvariantCulture)}, which does not move past the page just read ($skip={currentSkip.ToString(CultureInfo.InvariantCulture)}): the same items would come back.");
            }
        }

        _current = next;
    }

    /// <summary>The last page (no next link) has been read.</summary>
    /// <exception cref="ODataPagingException">Fewer items were read than the service counted for the query.</exception>
    public void End()
    {
        if (_count is not { } count)
        {
            return;
        }

        // @odata.count counts the whole query, whatever $skip and $top say; the listing covers only their window.
        long expected = Math.Max(0, count - _firstSkip);
        if (_firstTop is { } top)
        {
            expected = Math.Min(expected, top);
        }

        if (_read < expected)
        {
            throw Fail($"the service counted {count.ToString(CultureInfo.InvariantCulture)} items for the query (@odata.count) but ended the listing after {Progress()}, with no next link: {(expected - _read).ToString(CultureInfo.InvariantCulture)} items are missing.");
        }
    }

    private string Progress() =>
        string.Create(CultureInfo.InvariantCulture, $"{_read} items in {_pages} {(_pages == 1 ? "page" : "pages")}");

    private ODataPagingException Fail(string what) =>
        new($"{operation}: {what} The items read so far are not the whole collection. Narrow the query with $filter (for example by time range or by a property) so that each listing is shorter, and read each part; if the problem stays, report it to Microsoft with the operation and the time.", operation, _read);

    /// <summary>A query parameter with a value but no name (<c>?=x</c> or <c>&amp;=x</c>).</summary>
    private static bool HasUnnamedParameter(Uri uri)
    {
        foreach (string part in uri.Query.TrimStart('?').Split('&'))
        {
            if (part.Length > 0 && part[0] == '=')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The whole-number value of query option <paramref name="name"/> (matched without case, escaped or not), or null.</summary>
    private static long? QueryNumber(Uri uri, string name)
    {
        foreach (string part in uri.Query.TrimStart('?').Split('&'))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0
                && string.Equals(Uri.UnescapeDataString(part[..equals]), name, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(Uri.UnescapeDataString(part[(equals + 1)..]), NumberStyles.None, CultureInfo.InvariantCulture, out long value))
            {
                return value;
            }
        }

        return null;
    }
}
