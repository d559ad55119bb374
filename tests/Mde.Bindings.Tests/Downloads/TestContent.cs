using System.IO.Compression;
using System.Net;
using Mde.Bindings.Tests.Infrastructure;

namespace Mde.Bindings.Tests.Downloads;

/// <summary>Bodies and links the download tests share.</summary>
internal static class TestContent
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Gzip(byte[] data)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return compressed.ToArray();
    }

    public static Uri Link(string host = "storage.example.net", string signature = "s3cr3t", string scheme = "https", int? port = null) =>
        new($"{scheme}://{host}{(port is { } p ? ":" + p : string.Empty)}/investigation-actions-data/ID/out/4ed5?se=2026-03-01T12%3A30%3A00Z&sp=r&sig={signature}");

    public static Func<CancellationToken, Task<DownloadLink<T>>> Links<T>(Func<int, DownloadLink<T>> create, Action? onCall = null)
    {
        int calls = 0;
        return _ =>
        {
            onCall?.Invoke();
            return Task.FromResult(create(calls++));
        };
    }

    public static DownloadLink<Stream> RawLink(Uri uri, DateTimeOffset? expiresAt = null) => new(uri, expiresAt ?? Now.AddMinutes(30));

    /// <summary>A response whose body ends (or fails) before the length it announces.</summary>
    public static HttpResponseMessage CutOff(byte[] full, int delivered, bool fail)
    {
        var content = new StreamContent(new BrokenStream(full.AsMemory(0, delivered).ToArray(), fail));
        content.Headers.ContentLength = full.Length;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    /// <summary>Serves its bytes, then ends early or throws as a reset connection would.</summary>
    private sealed class BrokenStream(byte[] delivered, bool fail) : ReadOnlyTestStream
    {
        private int _position;

        public override int Read(Span<byte> buffer)
        {
            int count = Math.Min(buffer.Length, delivered.Length - _position);
            if (count == 0 && fail)
            {
                throw new IOException("Connection reset by peer");
            }

            delivered.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));
    }
}
