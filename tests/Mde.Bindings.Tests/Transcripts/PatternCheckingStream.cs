namespace Mde.Bindings.Tests.Transcripts;

/// <summary>A write-only stream that checks every byte written against a repeating pattern, holding nothing.</summary>
internal sealed class PatternCheckingStream : Stream
{
    private readonly byte[] _pattern;
    private readonly byte[] _expected;

    public PatternCheckingStream(byte[] pattern)
    {
        _pattern = pattern;
        _expected = Enumerable.Repeat(pattern, (256 * 1024 / pattern.Length) + 2).SelectMany(b => b).ToArray();
    }

    public long Written { get; private set; }

    public long Mismatches { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written;

    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int start = (int)(Written % _pattern.Length);
            int count = Math.Min(buffer.Length, _expected.Length - start);
            if (!buffer[..count].SequenceEqual(_expected.AsSpan(start, count)))
            {
                Mismatches++;
            }

            Written += count;
            buffer = buffer[count..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return default;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
