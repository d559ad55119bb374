using Mde.Bindings.Downloads;
using Mde.Bindings.IO;

namespace Mde.Bindings.Transcripts;

/// <summary>
/// Downloads a RunScript result at once and reads it as a transcript, with everything <see cref="LinkDownloader"/>
/// guarantees (fresh link on expiry or 403/404, no token sent to the storage, gzip handled, cut-off detected):
/// <c>ScriptTranscript t = await downloader.ReadTranscriptAsync(ct => api.GetLiveResponseResultDownloadLinkAsync(id, 0, ct), cancellationToken: ct);</c>
/// </summary>
public static class TranscriptDownloadExtensions
{
    /// <summary>Downloads the transcript behind the link and reads it whole.</summary>
    /// <param name="downloader">The downloader, for example <see cref="LinkDownloader.Shared"/>.</param>
    /// <param name="getLink">Obtains the result link; called again when the link must be refreshed.</param>
    /// <param name="options">Caps and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <exception cref="DownloadFailedException">The transcript could not be downloaded completely.</exception>
    /// <exception cref="TranscriptFormatException">The transcript is broken.</exception>
    /// <exception cref="TranscriptTooLargeException">A member is longer than the cap: stream the output instead.</exception>
    public static Task<ScriptTranscript> ReadTranscriptAsync<T>(this LinkDownloader downloader, Func<CancellationToken, Task<DownloadLink<T>>> getLink, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        return downloader.DownloadAsync(getLink, singleLink: false, treatAsJson: true, check: null, (_, content, _, ct) => TranscriptReader.ReadAsync(content, options, ct), cancellationToken);
    }

    /// <summary>Downloads the transcript behind the link and streams its output, as UTF-8 bytes, to <paramref name="output"/>.</summary>
    /// <param name="downloader">The downloader, for example <see cref="LinkDownloader.Shared"/>.</param>
    /// <param name="getLink">Obtains the result link; called again when the link must be refreshed.</param>
    /// <param name="output">Where the output goes; flushed at the end, not closed.</param>
    /// <param name="options">Caps (for the name and errors) and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <returns>The other members and the number of output bytes written.</returns>
    public static Task<TranscriptSummary> CopyTranscriptOutputToAsync<T>(this LinkDownloader downloader, Func<CancellationToken, Task<DownloadLink<T>>> getLink, Stream output, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        ArgumentNullException.ThrowIfNull(output);
        return downloader.DownloadAsync(getLink, singleLink: false, treatAsJson: true, check: null, (_, content, _, ct) => TranscriptReader.CopyOutputToAsync(content, output, options, ct), cancellationToken);
    }

    /// <summary>Downloads the transcript behind the link and streams its output to <paramref name="output"/>.</summary>
    /// <param name="downloader">The downloader, for example <see cref="LinkDownloader.Shared"/>.</param>
    /// <param name="getLink">Obtains the result link; called again when the link must be refreshed.</param>
    /// <param name="output">Where the output goes; flushed at the end, not closed.</param>
    /// <param name="options">Caps (for the name and errors) and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <returns>The other members and the number of output bytes (UTF-8) written.</returns>
    public static Task<TranscriptSummary> CopyTranscriptOutputToAsync<T>(this LinkDownloader downloader, Func<CancellationToken, Task<DownloadLink<T>>> getLink, TextWriter output, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        ArgumentNullException.ThrowIfNull(output);
        return downloader.DownloadAsync(getLink, singleLink: false, treatAsJson: true, check: null, (_, content, _, ct) => TranscriptReader.CopyOutputToAsync(content, output, options, ct), cancellationToken);
    }

    /// <summary>
    /// Downloads the transcript behind the link and writes its output as a UTF-8 file, atomically: complete, or a
    /// previous file left untouched and no temporary file left behind.
    /// </summary>
    /// <param name="downloader">The downloader, for example <see cref="LinkDownloader.Shared"/>.</param>
    /// <param name="getLink">Obtains the result link; called again when the link must be refreshed.</param>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="options">Caps (for the name and errors) and buffer size; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <returns>The other members and the number of output bytes written.</returns>
    public static Task<TranscriptSummary> SaveTranscriptOutputToFileAsync<T>(this LinkDownloader downloader, Func<CancellationToken, Task<DownloadLink<T>>> getLink, string path, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        string fullPath = AtomicFile.ValidateDestination(path);
        return downloader.DownloadAsync(getLink, singleLink: false, treatAsJson: true, check: null, (_, content, _, ct) => TranscriptReader.SaveOutputToCheckedPathAsync(content, fullPath, options, ct), cancellationToken);
    }
}
