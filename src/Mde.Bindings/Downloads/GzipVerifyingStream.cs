using System.Buffers.Binary;
using System.IO.Compression;
using Mde.Bindings.IO;

namespace Mde.Bindings.Downloads;

/// <summary>
/// Decompresses a gzip body and fails at its end when the body was cut short. <see cref="GZipStream"/> checks the
/// trailer's CRC-32 when the trailer is there, but a body that stops before it simply ends early; so the last eight
/// compressed bytes are kept, and at the end the trailer's ISIZE (the length modulo 2^32) must match what came out.
/// </summary>
internal sealed class GzipVerifyingStream : ForwardReadStream
{
    private readonly TailStream _compressed;
    private readonly GZipStream _gzip;
    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private long _produced;
    private bool _verified;

    public GzipVerifyingStream(Stream compressed, bool leaveOpen)
    {
        _source = compressed;
        _leaveOpen = leaveOpen;
        _compressed = new TailStream(compressed);
        _gzip = new GZipStream(_compressed, CompressionMode.Decompress, leaveOpen: true);
    }

    public override int Read(Span<byte> buffer)
    {
        int read = _gzip.Read(buffer);
        return Account(read, buffer.Length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read = await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(read, buffer.Length);
    }

    private int Account(int read, int asked)
    {
        _produced += read;
        if (read == 0 && asked > 0 && !_verified)
        {
            _verified = true;
            if (!_compressed.TryGetTrailerLength(out uint isize) || isize != unchecked((uint)_produced))
            {
                throw new InvalidDataException(
                    "the gzip body ends before its trailer (it was cut short), or its trailer does not match the decompressed length");
            }
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            if (!_leaveOpen)
            {
                _source.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _gzip.DisposeAsync().ConfigureAwait(false);
        if (!_leaveOpen)
        {
            await _source.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Passes reads through and remembers the last eight bytes (a gzip trailer: CRC-32, ISIZE).</summary>
    private sealed class TailStream : ForwardReadStream
    {
        private readonly Stream _inner;
        private readonly byte[] _tail = new byte[8];
        private long _total;

        public TailStream(Stream inner)
        {
            _inner = inner;
        }

        public bool TryGetTrailerLength(out uint isize)
        {
            isize = 0;
            if (_total < 18)
            {
                // A gzip member is at least 18 bytes (10 of header, an empty deflate block, 8 of trailer).
                return false;
            }

            isize = BinaryPrimitives.ReadUInt32LittleEndian(_tail.AsSpan(4));
            return true;
        }

        public override int Read(Span<byte> buffer)
        {
            int read = _inner.Read(buffer);
            Remember(buffer[..read]);
            return read;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            Remember(buffer.Span[..read]);
            return read;
        }

        private void Remember(ReadOnlySpan<byte> data)
        {
            _total += data.Length;
            if (data.Length >= _tail.Length)
            {
                data[^_tail.Length..].CopyTo(_tail);
                return;
            }

            // Shift the kept bytes left and append the new ones.
            _tail.AsSpan(data.Length).CopyTo(_tail);
            data.CopyTo(_tail.AsSpan(_tail.Length - data.Length));
        }
    }
}
