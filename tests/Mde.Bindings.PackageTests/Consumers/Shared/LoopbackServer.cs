// Test harness shared by the consumer programs (not what a user writes): an HTTP server on a free loopback port.
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>One request the server received, as sent: path and query still escaped.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, string Body);

/// <summary>What the server answers.</summary>
internal sealed record LoopbackResponse(int Status, string Body)
{
    public static LoopbackResponse Json(int status, string body) => new(status, body);

    public static LoopbackResponse NotFound(RecordedRequest request) =>
        new(404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"no route for " + request.Method + " " + request.Path + "\"}}");
}

/// <summary>Answers each request with what <c>route</c> returns and records every request, in order.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<RecordedRequest, LoopbackResponse> _route;
    private readonly List<RecordedRequest> _requests = new();
    private readonly Task _loop;

    private LoopbackServer(HttpListener listener, Uri baseAddress, Func<RecordedRequest, LoopbackResponse> route)
    {
        _listener = listener;
        _route = route;
        BaseAddress = baseAddress;
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public static LoopbackServer Start(Func<RecordedRequest, LoopbackResponse> route)
    {
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new LoopbackServer(listener, new Uri($"http://127.0.0.1:{port}/"), route);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probe and start: take another.
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string rawUrl = context.Request.RawUrl ?? "/";
            int queryStart = rawUrl.IndexOf('?');
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new RecordedRequest(
                context.Request.HttpMethod,
                queryStart < 0 ? rawUrl : rawUrl[..queryStart],
                queryStart < 0 ? string.Empty : rawUrl[queryStart..],
                await reader.ReadToEndAsync());
            lock (_requests)
            {
                _requests.Add(request);
            }

            LoopbackResponse response = _route(request);
            byte[] body = Encoding.UTF8.GetBytes(response.Body);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
