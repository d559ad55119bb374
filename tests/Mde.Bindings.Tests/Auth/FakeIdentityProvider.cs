using System.Collections.Specialized;
using System.Net;
using System.Text;
using System.Web;
using Microsoft.Identity.Client;

namespace Mde.Bindings.Tests.Auth;

/// <summary>
/// Stands in for Microsoft Entra ID and the managed identity endpoint behind MSAL's own HTTP hook: records every
/// request MSAL sends and answers token requests with numbered tokens ("token-1", "token-2", …).
/// </summary>
internal sealed class FakeIdentityProvider : HttpMessageHandler, IMsalHttpClientFactory
{
    private readonly HttpClient _client;
    private readonly List<IdentityRequest> _requests = [];
    private int _issued;

    public FakeIdentityProvider()
    {
        _client = new HttpClient(this, disposeHandler: false);
    }

    /// <summary>Overrides the answer to a token request; <see langword="null"/> issues the next numbered token.</summary>
    public Func<IdentityRequest, HttpResponseMessage?>? Answer { get; set; }

    public IReadOnlyList<IdentityRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// The token requests only. MSAL also asks for instance discovery metadata once per process (the answer is
    /// cached in static state), so the total count depends on which test runs first.
    /// </summary>
    public IReadOnlyList<IdentityRequest> TokenRequests => [.. Requests.Where(r => r.IsClientCredentialsRequest || r.IsImdsRequest)];

    public HttpClient GetHttpClient() => _client;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new IdentityRequest(
            request.Method,
            request.RequestUri!,
            HttpUtility.ParseQueryString(body),
            HttpUtility.ParseQueryString(request.RequestUri!.Query),
            request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase));
        lock (_requests)
        {
            _requests.Add(recorded);
        }

        // Only token requests are overridden: instance discovery keeps its plain 404, which MSAL tolerates.
        if ((recorded.IsClientCredentialsRequest || recorded.IsImdsRequest) && Answer?.Invoke(recorded) is { } answer)
        {
            return answer;
        }

        if (recorded.IsClientCredentialsRequest)
        {
            return Json(HttpStatusCode.OK, $$"""{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"{{NextToken()}}"}""");
        }

        if (recorded.IsImdsRequest)
        {
            long expiresOn = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
            return Json(HttpStatusCode.OK, $$"""{"access_token":"{{NextToken()}}","expires_on":"{{expiresOn}}","expires_in":"3599","resource":"{{recorded.Query["resource"]}}","token_type":"Bearer"}""");
        }

        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private string NextToken() => "token-" + Interlocked.Increment(ref _issued);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _client.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>One request MSAL sent to the identity provider.</summary>
internal sealed record IdentityRequest(
    HttpMethod Method, Uri Uri, NameValueCollection Form, NameValueCollection Query, IReadOnlyDictionary<string, string> Headers)
{
    public bool IsClientCredentialsRequest => Method == HttpMethod.Post && Uri.AbsolutePath.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal);

    public bool IsImdsRequest => Uri.Host == "169.254.169.254" && Uri.AbsolutePath == "/metadata/identity/oauth2/token";
}
