namespace Mde.Bindings.Transcripts;

/// <summary>Writes a string as UTF-8 bytes to a stream.</summary>
internal sealed class Utf8StreamSink(Stream destination) : TextSink
{
    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken) =>
        destination.WriteAsync(utf8, cancellationToken);
}
