using System.Text;
using Mde.Bindings.Tests.Infrastructure;

namespace Mde.Bindings.Tests.Transcripts;

/// <summary>
/// A transcript produced on the fly: a prefix, one output pattern repeated until the output reaches the wanted
/// size, padding and a suffix. Nothing is held but one block of patterns, so a test can read hundreds of MB.
/// </summary>
internal sealed class GeneratedTranscriptStream : ReadOnlyTestStream
{
    // Decoded: a tab, a quote, backslashes, a two-byte character, a raw line feed (as the docs' example has) and an escaped CRLF.
    public const string DecodedPattern = "Output line: tab\t quote\" path C:\\Windows\\Temp caf\u00e9\nsecond line\r\n";

    private readonly byte[] _prefix = Encoding.UTF8.GetBytes("{\"script_name\":\"big.ps1\",\"exit_code\":7,\"script_output\":\"");
    private readonly byte[] _suffix = Encoding.UTF8.GetBytes("\\u0000\\u0000\u0000\",\"script_errors\":\"done\"}");
    private readonly byte[] _block;
    private readonly long _patterns;
    private long _patternsLeft;
    private int _prefixSent;
    private int _blockPosition;
    private int _suffixSent;

    public GeneratedTranscriptStream(long minimumOutputBytes)
    {
        byte[] escaped = Encoding.UTF8.GetBytes(
            DecodedPattern.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\t", "\\t").Replace("\r\n", "\\r\\n"));
        _block = Enumerable.Repeat(escaped, 1024).SelectMany(b => b).ToArray();
        PatternJsonLength = escaped.Length;
        _patterns = (minimumOutputBytes + DecodedPatternBytes.Length - 1) / DecodedPatternBytes.Length;
        _patternsLeft = _patterns;
    }

    public static byte[] DecodedPatternBytes { get; } = Encoding.UTF8.GetBytes(DecodedPattern);

    public int PatternJsonLength { get; }

    public long OutputBytes => _patterns * DecodedPatternBytes.Length;

    public override int Read(Span<byte> buffer)
    {
        int written = 0;
        written += Take(_prefix, ref _prefixSent, buffer);
        while (written < buffer.Length && _patternsLeft > 0)
        {
            // Whole patterns only, so that the count of patterns left stays exact.
            int patternsInBlock = (_block.Length - _blockPosition) / PatternJsonLength;
            int fit = (buffer.Length - written) / PatternJsonLength;
            int count = (int)Math.Min(Math.Min(patternsInBlock, fit), _patternsLeft);
            if (count == 0)
            {
                if (fit == 0)
                {
                    break;
                }

                _blockPosition = 0;
                continue;
            }

            int bytes = count * PatternJsonLength;
            _block.AsSpan(_blockPosition, bytes).CopyTo(buffer[written..]);
            _blockPosition += bytes;
            written += bytes;
            _patternsLeft -= count;
        }

        if (_patternsLeft == 0)
        {
            written += Take(_suffix, ref _suffixSent, buffer[written..]);
        }

        return written;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    private static int Take(byte[] source, ref int sent, Span<byte> destination)
    {
        int count = Math.Min(source.Length - sent, destination.Length);
        source.AsSpan(sent, count).CopyTo(destination);
        sent += count;
        return count;
    }
}
