using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mde.Bindings.Tests.Downloads;

/// <summary>
/// A tiny HTTP/1.1 server on a real loopback socket, one request per connection, writing raw responses:
/// it can announce a length and then close or reset the connection early, which no in-process fake can do.
/// </summary>
internal sealed class LoopbackStorageServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RawRequest, TcpClient, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public LoopbackStorageServer(Func<RawRequest, TcpClient, Task> respond)
    {
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public ConcurrentQueue<RawRequest> Requests { get; } = new();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri Link(string signature = "s3cr3t") => TestContent.Link("127.0.0.1", signature, "http", Port);

    /// <summary>Writes a 200 response announcing <paramref name="body"/>'s length, delivering only <paramref name="delivered"/> bytes of it.</summary>
    public static async Task WriteOkAsync(TcpClient client, byte[] body, int? delivered = null, bool reset = false)
    {
        NetworkStream stream = client.GetStream();
        byte[] head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head);
        await stream.WriteAsync(body.AsMemory(0, delivered ?? body.Length));
        await stream.FlushAsync();
        if (reset)
        {
            client.Client.LingerState = new LingerOption(true, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                RawRequest? request = await ReadHeadAsync(client.GetStream());
                if (request is null)
                {
                    return;
                }

                Requests.Enqueue(request);
                await _respond(request, client);
            }
            catch (IOException)
            {
                // The client went away; nothing to serve.
            }
        }
    }

    private static async Task<RawRequest?> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 32 * 1024)
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
            {
                break;
            }
        }

        string[] lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new RawRequest(requestLine[0], requestLine[1], headers);
    }
}

internal sealed record RawRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers);
