using Mde.Bindings.IO;
using Mde.Bindings.Transcripts;

namespace Mde.Bindings.Downloads;

// The transcript reads of a RunScript result link: everything the downloader guarantees (fresh link on expiry or
// 403/404, no token sent to the storage, gzip handled, cut-off detected), then the tolerant transcript reader.
public sealed partial class LinkDownloader
{
    /// <summary>Downloads the transcript behind the link and reads it whole.</summary>
    /// <param name="getLink">Obtains the result link; called again when the link must be refreshed.</param>
    /// <param name="options">Caps and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <exception cref="DownloadFailedException">The transcript could not be downloaded completely.</exception>
    /// <exception cref="TranscriptFormatException">The transcript is broken.</exception>
    /// <exception cref="TranscriptTooLargeException">A member is longer than the cap: stream the output instead.</exception>
    public Task<ScriptTranscript> ReadTranscriptAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        return DownloadAsync(getLink, singleLink: false, treatAsJson: true, check: null, (_, content, _, ct) => TranscriptReader.ReadAsync(content, options, ct), cancellationToken);
    }

    /// <summary>Downloads the transcript behind the link and streams its output, as UTF-8 bytes, to <paramref name="output"/>.</summary>
    /// <param name="getLink">Obtains the result link; called again when the link must be refreshed.</param>
    /// <param name="output">Where the output goes; flushed at the end, not closed.</param>
    /// <param name="options">Caps (for the name and errors) and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <returns>The other members and the number of output bytes written.</returns>
    public Task<TranscriptSummary> CopyTranscriptOutputToAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, Stream output, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return DownloadAsync(getLink, singleLink: false, treatAsJson: true, check: null, (_, content, _, ct) => TranscriptReader.CopyOutputToAsync(content, output, options, ct), cancellationToken);
    }

    /// <summary>Downloads the transcript behind the link and streams its output to <paramref name="output"/>.</summary>
    /// <param name="getLink">Obtains the result link; called again when the link must be refreshed.</param>
    /// <param name="output">Where the output goes; flushed at the end, not closed.</param>
    /// <param name="options">Caps (for the name and errors) and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <returns>The other members and the number of output bytes (UTF-8) written.</returns>
    public Task<TranscriptSummary> CopyTranscriptOutputToAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, TextWriter output, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        return DownloadAsync(getLink, singleLink: false, treatAsJson: true, check: null, (_, content, _, ct) => TranscriptReader.CopyOutputToAsync(content, output, options, ct), cancellationToken);
    }

    /// <summary>
    /// Downloads the transcript behind the link and writes its output as a UTF-8 file, atomically: complete, or a
    /// previous file left untouched and no temporary file left behind.
    /// </summary>
    /// <param name="getLink">Obtains the result link; called again when the link must be refreshed.</param>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="options">Caps (for the name and errors) and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <returns>The other members and the number of output bytes written.</returns>
    public Task<TranscriptSummary> SaveTranscriptOutputToFileAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, string path, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        string fullPath = AtomicFile.ValidateDestination(path);
        return DownloadAsync(getLink, singleLink: false, treatAsJson: true, check: null, (_, content, _, ct) => TranscriptReader.SaveOutputToCheckedPathAsync(content, fullPath, options, ct), cancellationToken);
    }
}
