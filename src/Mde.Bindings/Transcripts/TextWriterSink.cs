using System.Text;

namespace Mde.Bindings.Transcripts;

/// <summary>Decodes a string and writes it to a <see cref="TextWriter"/>, one decoded piece per piece received.</summary>
internal sealed class TextWriterSink : TextSink
{
    private readonly TextWriter _destination;
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly int _maxChunk;
    private readonly char[] _chars;

    /// <param name="destination">Where the text goes.</param>
    /// <param name="maxChunk">The longest piece the tokenizer hands on; one decode of it always fits the character buffer.</param>
    public TextWriterSink(TextWriter destination, int maxChunk)
    {
        _destination = destination;
        _maxChunk = maxChunk;

        // Bytes held from the previous piece (an incomplete sequence) can add a few characters.
        _chars = new char[maxChunk + 4];
    }

    public override ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        int chars = _decoder.GetChars(ReadOnlySpan<byte>.Empty, _chars, flush: true);
        return chars > 0 ? new ValueTask(_destination.WriteAsync(_chars.AsMemory(0, chars), cancellationToken)) : default;
    }

    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        if (utf8.Length > _maxChunk)
        {
            return WriteInPiecesAsync(utf8, cancellationToken);
        }

        int chars = _decoder.GetChars(utf8.Span, _chars, flush: false);
        return new ValueTask(_destination.WriteAsync(_chars.AsMemory(0, chars), cancellationToken));
    }

    private async ValueTask WriteInPiecesAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        while (!utf8.IsEmpty)
        {
            int take = Math.Min(_maxChunk, utf8.Length);
            await WriteCoreAsync(utf8[..take], cancellationToken).ConfigureAwait(false);
            utf8 = utf8[take..];
        }
    }
}
