using System.Globalization;

namespace Mde.Bindings.Transcripts;

/// <summary>
/// A transcript member is longer than <see cref="TranscriptReaderOptions.MaxInMemoryLength"/> allows to be held
/// in memory. Stream the output instead (<see cref="TranscriptReader.CopyOutputToAsync(Stream, Stream, TranscriptReaderOptions?, CancellationToken)"/>
/// or <see cref="TranscriptReader.SaveOutputToFileAsync"/>), or raise the cap.
/// </summary>
/// <example>
/// <code>
/// try
/// {
///     ScriptTranscript transcript = await TranscriptReader.ReadAsync(stream);
/// }
/// catch (TranscriptTooLargeException)
/// {
///     stream.Position = 0;
///     TranscriptSummary summary = await TranscriptReader.SaveOutputToFileAsync(stream, "output.txt");   // streamed, any size
/// }
/// </code>
/// </example>
public sealed class TranscriptTooLargeException : Exception
{
    /// <summary>Creates the exception for <paramref name="member"/>.</summary>
    /// <param name="member">The JSON member that was too long, as the transcript spells it.</param>
    /// <param name="limit">The cap, in characters.</param>
    public TranscriptTooLargeException(string member, int limit)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"The transcript's '{member}' is longer than TranscriptReaderOptions.MaxInMemoryLength ({limit:N0} characters). Stream the output to a Stream, a TextWriter or a file (TranscriptReader.CopyOutputToAsync / SaveOutputToFileAsync, or LinkDownloader.CopyTranscriptOutputToAsync / SaveTranscriptOutputToFileAsync), or raise the cap."))
    {
        Member = member;
        Limit = limit;
    }

    /// <summary>The member that was too long.</summary>
    public string Member { get; }

    /// <summary>The cap that was exceeded, in characters.</summary>
    public int Limit { get; }
}
