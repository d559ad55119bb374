using System.Text.Json.Serialization.Metadata;
using Mde.Bindings.Http;

namespace Mde.Bindings.GeneratedCode;

/// <summary>The page requests of paged operations (<c>returns { "pages": … }</c>).</summary>
public abstract partial class GeneratedApiClientBase
{
    /// <summary>Sends a GET to <paramref name="uri"/> (absolute) and reads the answer as one OData page of <typeparamref name="T"/>.</summary>
    protected Task<ODataPage<T>> SendForPageAsync<T>(EndpointDescription endpoint, string uri, JsonTypeInfo<T> itemType, CancellationToken cancellationToken) =>
        ReadODataPageAsync(CreateRequest(endpoint, HttpMethod.Get, uri, null), itemType, cancellationToken);

    /// <summary>
    /// Sends a GET to a page's <paramref name="nextLink"/> and reads the answer as the next page. The link must be an
    /// absolute address with the scheme, host and port of <see cref="HttpClient.BaseAddress"/>: anything else is refused
    /// before a request exists, so that the bearer token never travels to another host.
    /// </summary>
    /// <exception cref="ODataPagingException"><paramref name="nextLink"/> is not an address of the API.</exception>
    protected Task<ODataPage<T>> SendForNextPageAsync<T>(EndpointDescription endpoint, Uri nextLink, JsonTypeInfo<T> itemType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(nextLink);
        _ = ApiRoot(endpoint); // throws when the client has no base address to compare with
        Uri api = Client.BaseAddress!;
        if (!ODataPagingOrigin.IsOf(nextLink, api))
        {
            throw ODataPagingOrigin.Refused(endpoint.Name, nextLink, api, 0);
        }

        return ReadODataPageAsync(CreateRequest(endpoint, HttpMethod.Get, nextLink.AbsoluteUri, null), itemType, cancellationToken);
    }

    private async Task<ODataPage<T>> ReadODataPageAsync<T>(ApiRequestMessage request, JsonTypeInfo<T> itemType, CancellationToken cancellationToken)
    {
        using (request)
        {
            await AuthorizeAsync(request, cancellationToken).ConfigureAwait(false);
            using HttpResponseMessage response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            await ThrowUnlessSuccessAsync(request, response).ConfigureAwait(false);
            byte[] body = await ReadBodyAsync(request.Endpoint, response, cancellationToken).ConfigureAwait(false);
            return ODataPageReader.Read(request.Endpoint, request.RequestUri!, body, itemType);
        }
    }
}
