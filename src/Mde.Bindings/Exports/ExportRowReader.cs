using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Mde.Bindings.Downloads;

namespace Mde.Bindings.Exports;

/// <summary>
/// Streams the rows of an export's files. Each file is downloaded by <see cref="LinkDownloader"/> (its link rules,
/// redirect checks, gzip handling and storage client without credentials) while a bounded channel hands the parsed
/// rows to the caller: the download waits while the caller is busy, so at most a few rows are held at a time.
/// </summary>
internal static class ExportRowReader
{
    /// <summary>Rows parsed ahead of the caller.</summary>
    private const int RowsAhead = 64;

    private const int ReadBufferSize = 16 * 1024;

    public static async IAsyncEnumerable<T> ReadAsync<T>(ExportFiles<T> export, LinkDownloader downloader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // What messages say, taken once: plain values, never the links.
        var about = new ExportAbout(export.Endpoint?.OperationName ?? "The export", export.Links.Count, export.ExpiresAt);
        for (int file = 0; file < export.Links.Count; file++)
        {
            var rows = Channel.CreateBounded<T>(new BoundedChannelOptions(RowsAhead) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task download = DownloadFileAsync(export.Links[file], export.ExpiresAt, export.RowTypeInfo, about, file, downloader, rows.Writer, stop.Token);
            bool drained = false;
            try
            {
                while (await rows.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
                {
                    while (rows.Reader.TryRead(out T? row))
                    {
                        yield return row;
                    }
                }

                drained = true;
            }
            finally
            {
                if (!drained)
                {
                    // The caller stopped early (or was cancelled): stop the download; its outcome no longer matters.
                    await stop.CancelAsync().ConfigureAwait(false);
                    await download.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }

            // The channel is complete: the download ended, and its failure (if any) surfaces here.
            await download.ConfigureAwait(false);
        }
    }

    private static async Task DownloadFileAsync<T>(
        Uri fileLink, DateTimeOffset expiresAt, JsonTypeInfo<T> rowType, ExportAbout about, int file, LinkDownloader downloader, ChannelWriter<T> rows, CancellationToken cancellationToken)
    {
        try
        {
            // Checked here too, so that the answer is the same whatever LinkDownloaderOptions.MaxLinkRefreshes says.
            if (downloader.HasExpired(expiresAt))
            {
                throw Expired(about, file);
            }

            var link = new DownloadLink<Stream>(fileLink, expiresAt);
            bool handedOut = false;
            await downloader.DownloadAsync(
                _ =>
                {
                    // The downloader asks again only when the link expired or the storage refused it: export links
                    // cannot be renewed one by one, so that ends the read.
                    if (handedOut)
                    {
                        throw Expired(about, file);
                    }

                    handedOut = true;
                    return Task.FromResult(link);
                },
                singleLink: false,
                treatAsJson: true,
                check: null,
                (_, content, _, token) => ReadLinesAsync(rowType, about, file, content, rows, token),
                cancellationToken,
                decompressGzip: true).ConfigureAwait(false);
        }
        catch (DownloadFailedException ex) when (ex is not ExportFilesExpiredException && ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // A downloader that may not ask for a fresh link reports the storage's refusal itself: the same answer.
            throw Expired(about, file, ex.StatusCode, ex);
        }
        finally
        {
            rows.TryComplete();
        }
    }

    private static async Task<long> ReadLinesAsync<T>(JsonTypeInfo<T> rowType, ExportAbout about, int file, Stream content, ChannelWriter<T> rows, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, ReadBufferSize, leaveOpen: true);
        long lineNumber = 0;
        long count = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            await rows.WriteAsync(ParseRow(rowType, about, file, lineNumber, line), cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    private static T ParseRow<T>(JsonTypeInfo<T> rowType, ExportAbout about, int file, long lineNumber, string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, rowType)
                ?? throw new ExportFileFormatException($"{Where(about, file, lineNumber)} is JSON null; a {typeof(T).Name} row was expected.", file, lineNumber);
        }
        catch (JsonException ex)
        {
            throw new ExportFileFormatException($"{Where(about, file, lineNumber)} is not a valid {typeof(T).Name} row: {ex.Message}", file, lineNumber, ex);
        }
    }

    private static string Where(ExportAbout about, int file, long lineNumber) =>
        $"{about.Operation}: line {lineNumber} of export file {file} (of {about.FileCount}, counted from 0)";

    private static ExportFilesExpiredException Expired(ExportAbout about, int file, HttpStatusCode? status = null, Exception? inner = null) =>
        new(
            $"{about.Operation}: the link of export file {file} (of {about.FileCount}, counted from 0) expired at {about.ExpiresAt:yyyy-MM-ddTHH:mm:ssZ} or was refused by the storage before the file was read. Export links cannot be renewed one by one: call the export operation again and read the new files at once.",
            file,
            status,
            inner);

    /// <summary>What messages name: the operation, how many files, when the links expire.</summary>
    private sealed record ExportAbout(string Operation, int FileCount, DateTimeOffset ExpiresAt);
}
