using System.Net;
using System.Text;

namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>A request as the server got it: method, address as sent (escaping kept), body and Authorization header.</summary>
internal sealed record ReceivedRequest(HttpMethod Method, Uri Uri, string? Body, string? ContentType, string? Authorization)
{
    /// <summary>The path and query exactly as they went on the wire.</summary>
    public string PathAndQuery => Uri.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
}

/// <summary>An in-process stand-in for the service: answers each request with what the test scripts, and records it.</summary>
internal sealed class ExampleServer(Func<ReceivedRequest, HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly List<ReceivedRequest> _requests = [];

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var received = new ReceivedRequest(request.Method, request.RequestUri!, body, request.Content?.Headers.ContentType?.MediaType, request.Headers.Authorization?.ToString());
        lock (_requests)
        {
            _requests.Add(received);
        }

        HttpResponseMessage response = answer(received);
        response.RequestMessage = request;
        return response;
    }
}
