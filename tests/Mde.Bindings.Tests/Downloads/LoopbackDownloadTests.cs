using System.Net;
using System.Net.Sockets;
using System.Text;
using Mde.Bindings.Downloads;

namespace Mde.Bindings.Tests.Downloads;

/// <summary>Downloads over a real loopback socket, through <see cref="LinkDownloader.Shared"/>'s own HTTP stack.</summary>
public sealed class LoopbackDownloadTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mde-loopback-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_closed_mid_body_fails_and_keeps_the_previous_file(bool reset)
    {
        byte[] body = TestContent.Bytes(2_000_000);
        await using var server = new LoopbackStorageServer((_, client) => LoopbackStorageServer.WriteOkAsync(client, body, delivered: 700_000, reset));
        string path = Path.Combine(_folder, "result.bin");
        File.WriteAllText(path, "good previous file");

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => LinkDownloader.Shared.SaveToFileAsync(_ => Task.FromResult(TestContent.RawLink(server.Link(), DateTimeOffset.UtcNow.AddMinutes(30))), path));

        Assert.Contains("cut off", error.Message);
        Assert.Contains($"http://127.0.0.1:{server.Port}/investigation-actions-data/ID/out/4ed5?[redacted]", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
        Assert.Equal("good previous file", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task The_storage_never_receives_an_authorization_header()
    {
        byte[] body = TestContent.Bytes(300_000);
        await using var server = new LoopbackStorageServer((_, client) => LoopbackStorageServer.WriteOkAsync(client, body));
        var destination = new MemoryStream();

        long written = await Task.FromResult(TestContent.RawLink(server.Link(), DateTimeOffset.UtcNow.AddMinutes(30))).CopyContentToAsync(destination);

        Assert.Equal(body.Length, written);
        Assert.Equal(body, destination.ToArray());
        RawRequest request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.EndsWith("sig=s3cr3t", request.Target);
    }

    [Fact]
    public async Task A_403_is_answered_with_a_fresh_link_over_a_real_socket()
    {
        byte[] body = Encoding.UTF8.GetBytes("collected evidence");
        await using var server = new LoopbackStorageServer(async (request, client) =>
        {
            if (request.Target.EndsWith("sig=expired", StringComparison.Ordinal))
            {
                await client.GetStream().WriteAsync("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                return;
            }

            await LoopbackStorageServer.WriteOkAsync(client, body);
        });
        int calls = 0;
        string path = Path.Combine(_folder, "evidence.txt");

        await LinkDownloader.Shared.SaveToFileAsync(
            _ => Task.FromResult(TestContent.RawLink(server.Link(calls++ == 0 ? "expired" : "fresh"), DateTimeOffset.UtcNow.AddMinutes(30))),
            path);

        Assert.Equal("collected evidence", File.ReadAllText(path));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_link_from_a_single_task_cannot_be_refreshed()
    {
        await using var server = new LoopbackStorageServer((_, client) =>
            client.GetStream().WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray()).AsTask());

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Task.FromResult(TestContent.RawLink(server.Link(), DateTimeOffset.UtcNow.AddMinutes(30))).SaveContentToFileAsync(Path.Combine(_folder, "x.bin")));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("cannot be refreshed", error.Message);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_refused_connection_is_a_typed_failure()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => LinkDownloader.Shared.CopyToAsync(_ => Task.FromResult(TestContent.RawLink(TestContent.Link("127.0.0.1", scheme: "http", port: port), DateTimeOffset.UtcNow.AddMinutes(30))), Stream.Null));

        Assert.Contains("could not be reached", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
    }
}
