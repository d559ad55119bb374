namespace Mde.Bindings.Cli.Tests.Crashes;

/// <summary>
/// The network under mde-lr's API and storage clients, dying with the simulated process: before a chosen request is
/// sent, or part-way through a chosen response's body (after <see cref="BodyBytesBeforeCrash"/> bytes were read).
/// </summary>
internal sealed class CrashingNetwork(HttpMessageHandler inner, CrashSwitch crash, Func<HttpRequestMessage, bool>? crashBefore = null, Func<HttpRequestMessage, bool>? crashInBody = null)
    : DelegatingHandler(inner)
{
    public const int BodyBytesBeforeCrash = 16;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        crash.ThrowIfTripped();
        if (crashBefore?.Invoke(request) == true)
        {
            throw crash.Trip($"before {request.Method} {request.RequestUri}");
        }

        HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
        crash.ThrowIfTripped();
        if (crashInBody?.Invoke(request) == true)
        {
            HttpContent original = response.Content;
            var cut = new StreamContent(new DyingStream(await original.ReadAsStreamAsync(cancellationToken), crash, $"in the body of {request.Method} {request.RequestUri}"));
            foreach (KeyValuePair<string, IEnumerable<string>> header in original.Headers)
            {
                cut.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            response.Content = cut;
        }

        return response;
    }

    /// <summary>Gives the first bytes of a body, then dies.</summary>
    private sealed class DyingStream(Stream inner, CrashSwitch crash, string where) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= BodyBytesBeforeCrash)
            {
                throw crash.Trip(where);
            }

            int read = inner.Read(buffer[..(int)Math.Min(buffer.Length, BodyBytesBeforeCrash - _position)]);
            _position += read;
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= BodyBytesBeforeCrash)
            {
                throw crash.Trip(where);
            }

            int read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, BodyBytesBeforeCrash - _position)], cancellationToken);
            _position += read;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
