using System.Text;

namespace Mde.Bindings.Transcripts;

/// <summary>Decodes a string and writes it to a <see cref="TextWriter"/>, in pieces of bounded size.</summary>
internal sealed class TextWriterSink(TextWriter destination) : TextSink
{
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private readonly char[] _chars = new char[8192];

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _decoder.Convert(ReadOnlySpan<byte>.Empty, _chars, flush: true, out _, out int charsUsed, out _);
        if (charsUsed > 0)
        {
            await destination.WriteAsync(_chars.AsMemory(0, charsUsed), cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async ValueTask WriteCoreAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        while (!utf8.IsEmpty)
        {
            _decoder.Convert(utf8.Span, _chars, flush: false, out int bytesUsed, out int charsUsed, out _);
            utf8 = utf8[bytesUsed..];
            await destination.WriteAsync(_chars.AsMemory(0, charsUsed), cancellationToken).ConfigureAwait(false);
        }
    }
}
