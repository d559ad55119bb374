namespace Mde.Bindings.Transcripts;

/// <summary>How <see cref="TranscriptReader"/> reads a transcript.</summary>
/// <example>
/// <code>
/// // Read outputs up to 64 MB into memory; longer ones throw TranscriptTooLargeException (stream those instead).
/// ScriptTranscript transcript = await client.ReadTranscriptAsync(machineActionId, 0, new TranscriptReaderOptions { MaxInMemoryLength = 64 * 1024 * 1024 });
/// </code>
/// </example>
public sealed class TranscriptReaderOptions
{
    /// <summary>The defaults: 16 Mi characters per member held in memory, a 64 KiB read buffer.</summary>
    public static TranscriptReaderOptions Default { get; } = new();

    /// <summary>
    /// The longest string member, in characters, that is held in memory: the script name and errors always, the
    /// output when it is returned as a string. A longer member fails with <see cref="TranscriptTooLargeException"/>;
    /// the streaming methods are not bound by it for the output. Default 16 Mi characters.
    /// </summary>
    public int MaxInMemoryLength { get; init; } = 16 * 1024 * 1024;

    /// <summary>Size in bytes of the pooled read buffer. Default 64 KiB; between 4 KiB and 16 MiB.</summary>
    public int BufferSize { get; init; } = 64 * 1024;

    internal void Validate()
    {
        if (MaxInMemoryLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxInMemoryLength), MaxInMemoryLength, "TranscriptReaderOptions.MaxInMemoryLength must not be negative.");
        }

        if (BufferSize is < 4096 or > 16 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferSize), BufferSize, "TranscriptReaderOptions.BufferSize must be between 4 KiB and 16 MiB.");
        }
    }
}
