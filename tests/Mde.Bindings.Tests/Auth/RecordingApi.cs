using System.Net;

namespace Mde.Bindings.Tests.Auth;

/// <summary>The far end of the handler pipeline: records what reached the network and answers from a script.</summary>
internal sealed class RecordingApi : HttpMessageHandler
{
    private readonly Queue<HttpStatusCode> _statuses = new();
    private readonly List<ApiRequest> _requests = [];

    public IReadOnlyList<ApiRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Answers the next requests with these statuses, then 200.</summary>
    public RecordingApi Then(params HttpStatusCode[] statuses)
    {
        foreach (HttpStatusCode status in statuses)
        {
            _statuses.Enqueue(status);
        }

        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        HttpStatusCode status;
        lock (_requests)
        {
            _requests.Add(new ApiRequest(request.RequestUri!, request.Headers.Authorization?.ToString(), body));
            status = _statuses.Count > 0 ? _statuses.Dequeue() : HttpStatusCode.OK;
        }

        return new HttpResponseMessage(status) { RequestMessage = request };
    }
}

/// <summary>One request as it reached the network.</summary>
internal sealed record ApiRequest(Uri Uri, string? Authorization, string? Body);
