using System.Collections.Concurrent;
using System.Net;

namespace Mde.Bindings.Tests.Downloads;

/// <summary>An in-process storage: answers each request with what the test says and records what it received.</summary>
internal sealed class FakeStorageHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public static FakeStorageHandler Serving(byte[] body) => new(_ => Ok(body));

    public static HttpResponseMessage Ok(byte[] body, string? contentEncoding = null)
    {
        var content = new ByteArrayContent(body);
        if (contentEncoding is not null)
        {
            content.Headers.ContentEncoding.Add(contentEncoding);
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(new ReceivedRequest(request.RequestUri!, request.Headers.Authorization?.ToString(), request.Headers.AcceptEncoding.ToString()));
        HttpResponseMessage response = respond(request);
        response.RequestMessage ??= request;
        return Task.FromResult(response);
    }
}

internal sealed record ReceivedRequest(Uri Uri, string? Authorization, string AcceptEncoding);
