namespace Mde.Bindings.Transcripts;

/// <summary>Drops a string: the values of members a transcript does not need.</summary>
internal sealed class DiscardSink : TextSink
{
    protected override ValueTask WriteCoreAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken) => default;
}
