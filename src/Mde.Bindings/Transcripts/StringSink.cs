using System.Text;

namespace Mde.Bindings.Transcripts;

/// <summary>Collects a string in memory, up to a cap in characters beyond which reading fails clearly.</summary>
internal sealed class StringSink(int maxLength, string member) : TextSink
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly StringBuilder _text = new();
    private char[]? _chars;

    /// <summary>The member this sink collects, for messages; the first spelling seen.</summary>
    public string Member { get; set; } = member;

    public override ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        Decode(ReadOnlySpan<byte>.Empty, flush: true);
        return default;
    }

    public override string ToString() => _text.ToString();

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        Decode(utf8.Span, flush: false);
        return default;
    }

    private void Decode(ReadOnlySpan<byte> utf8, bool flush)
    {
        _chars ??= new char[4096];
        do
        {
            _decoder.Convert(utf8, _chars, flush, out int bytesUsed, out int charsUsed, out bool completed);
            utf8 = utf8[bytesUsed..];
            if (_text.Length + charsUsed > maxLength)
            {
                throw new TranscriptTooLargeException(Member, maxLength);
            }

            _text.Append(_chars, 0, charsUsed);
            if (completed && utf8.IsEmpty)
            {
                break;
            }
        }
        while (!utf8.IsEmpty || flush);
    }
}
