namespace Mde.Bindings.Transcripts;

/// <summary>Where the unescaped UTF-8 bytes of one JSON string go while a transcript is read.</summary>
internal abstract class TextSink
{
    /// <summary>How many bytes were written so far.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Takes the next piece of the string. The memory is only valid during the call.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        BytesWritten += utf8.Length;
        return WriteCoreAsync(utf8, cancellationToken);
    }

    /// <summary>The string has ended.</summary>
    public virtual ValueTask CompleteAsync(CancellationToken cancellationToken) => default;

    protected abstract ValueTask WriteCoreAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken);
}
