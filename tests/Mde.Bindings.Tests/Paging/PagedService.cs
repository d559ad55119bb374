using System.Net;
using System.Text;
using Mde.Bindings.Tests.Infrastructure;

namespace Mde.Bindings.Tests.Paging;

/// <summary>
/// A stand-in for a paged OData endpoint: each page is a JSON body kept under the exact address (path and query, as
/// sent) it answers; any other address gets 404. Requests are recorded by the handler.
/// </summary>
internal sealed class PagedService
{
    public const string Api = "https://api.securitycenter.microsoft.com";

    private readonly Dictionary<string, string> _pages = new(StringComparer.Ordinal);

    public PagedService()
    {
        Handler = new RecordingHandler(request => _pages.TryGetValue(request.PathAndQuery, out string? body)
            ? RecordingHandler.Json(body)
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }

    public RecordingHandler Handler { get; }

    /// <summary>The addresses requested, path and query as sent.</summary>
    public IReadOnlyList<string> Requested => Handler.Requests.Select(r => r.PathAndQuery).ToList();

    /// <summary>The hosts requested, in order.</summary>
    public IReadOnlyList<string> Hosts => Handler.Requests.Select(r => r.Uri.Host).ToList();

    /// <summary>Serves a page at <paramref name="pathAndQuery"/>: machines with the given ids, a next link, a count.</summary>
    public PagedService Page(string pathAndQuery, IEnumerable<string> machineIds, string? nextLink = null, long? count = null)
    {
        var json = new StringBuilder("{\"@odata.context\":\"" + Api + "/api/$metadata#Machines\"");
        if (count is { } c)
        {
            json.Append(",\"@odata.count\":").Append(c);
        }

        json.Append(",\"value\":[").AppendJoin(',', machineIds.Select(id => "{\"id\":\"" + id + "\",\"healthStatus\":\"Active\"}")).Append(']');
        if (nextLink is not null)
        {
            json.Append(",\"@odata.nextLink\":\"").Append(nextLink).Append('"');
        }

        _pages[Key(pathAndQuery)] = json.Append('}').ToString();
        return this;
    }

    /// <summary>Serves a raw body at <paramref name="pathAndQuery"/>.</summary>
    public PagedService Body(string pathAndQuery, string json)
    {
        _pages[Key(pathAndQuery)] = json;
        return this;
    }

    /// <summary>An address (absolute, or a path and query) as the handler records it.</summary>
    public static string Key(string address) =>
        new Uri(new Uri(Api), address).GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);

    public HttpClient CreateHttpClient() => new(Handler) { BaseAddress = new Uri(Api) };

    public static IEnumerable<string> Ids(int from, int count) => Enumerable.Range(from, count).Select(i => "m" + i);
}
