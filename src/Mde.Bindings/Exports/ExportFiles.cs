using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Mde.Bindings.Downloads;

namespace Mde.Bindings.Exports;

/// <summary>
/// What an export operation answers (<c>{ "exportFiles": [links], "generatedTime": … }</c>): short-lived links to
/// GZIP-compressed JSON-lines files, one row of <typeparamref name="T"/> per line. The links are credentials until
/// they expire: read the rows at once with <see cref="ReadRowsAsync(CancellationToken)"/>, and never store, return
/// or log the links. <see cref="ToString"/> never shows them.
/// </summary>
/// <typeparam name="T">The row model the spec names in <c>exportFiles</c>.</typeparam>
/// <example>
/// <code>
/// ExportFiles&lt;SecureConfigurationRow&gt; export = await api.ExportSecureConfigurationsAssessmentAsync(cancellationToken);
/// await foreach (SecureConfigurationRow row in export.ReadRowsAsync(cancellationToken))
/// {
///     Console.WriteLine($"{row.DeviceName}: {row.ConfigurationId} compliant={row.IsCompliant}");
/// }
/// </code>
/// </example>
[ConsumeImmediately]
public sealed class ExportFiles<T>
{
    /// <summary>Creates an export. Generated clients call this; tests and fakes may too.</summary>
    /// <param name="links">The absolute links to the files, in the order the service listed them.</param>
    /// <param name="generatedTime">When the service generated the snapshot, when it said so.</param>
    /// <param name="expiresAt">When the links stop working.</param>
    /// <param name="rowTypeInfo">How to read one row without reflection.</param>
    public ExportFiles(IReadOnlyList<Uri> links, DateTimeOffset? generatedTime, DateTimeOffset expiresAt, JsonTypeInfo<T> rowTypeInfo)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(rowTypeInfo);
        for (int i = 0; i < links.Count; i++)
        {
            if (links[i] is not { IsAbsoluteUri: true })
            {
                throw new ArgumentException($"Export file link {i} is null or not an absolute URI.", nameof(links));
            }
        }

        Links = links;
        GeneratedTime = generatedTime;
        ExpiresAt = expiresAt;
        RowTypeInfo = rowTypeInfo;
    }

    /// <summary>The links to the files. Pass them straight to a download; never store or log them.</summary>
    public IReadOnlyList<Uri> Links { get; }

    /// <summary>When the service generated the exported snapshot (<c>generatedTime</c>), or null when it did not say.</summary>
    public DateTimeOffset? GeneratedTime { get; }

    /// <summary>When the links stop working: the earliest of the spec's <c>validFor</c> and each link's own <c>se=</c> expiry.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>How one row is read.</summary>
    public JsonTypeInfo<T> RowTypeInfo { get; }

    /// <summary>The operation that answered, for messages; null for an export made by hand.</summary>
    internal EndpointDescription? Endpoint { get; init; }

    /// <summary>Whether the links have expired at the time <paramref name="timeProvider"/> gives (the system clock by default).</summary>
    public bool IsExpired(TimeProvider? timeProvider = null) => (timeProvider ?? TimeProvider.System).GetUtcNow() >= ExpiresAt;

    /// <summary>
    /// Streams the rows of every file, file after file, through <see cref="LinkDownloader.Shared"/>: each file is
    /// decompressed and parsed line by line while it downloads, so no file is held in memory.
    /// </summary>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <exception cref="Downloads.DownloadFailedException">A link expired, or the storage refused it, before its file was read: call the export again.</exception>
    /// <exception cref="MdeResponseFormatException">A line is not a valid row (the file index and line number say which).</exception>
    /// <exception cref="DownloadFailedException">A file could not be downloaded completely.</exception>
    public IAsyncEnumerable<T> ReadRowsAsync(CancellationToken cancellationToken = default) =>
        ExportRowReader.ReadAsync(this, LinkDownloader.Shared, cancellationToken);

    /// <summary>Streams the rows of every file through <paramref name="downloader"/>; see <see cref="ReadRowsAsync(CancellationToken)"/>.</summary>
    /// <param name="downloader">The downloader whose storage client (never the API's client) fetches the files.</param>
    /// <param name="cancellationToken">Cancels the downloads.</param>
    /// <exception cref="Downloads.DownloadFailedException">A link expired, or the storage refused it, before its file was read: call the export again.</exception>
    /// <exception cref="MdeResponseFormatException">A line is not a valid row (the file index and line number say which).</exception>
    /// <exception cref="DownloadFailedException">A file could not be downloaded completely.</exception>
    public IAsyncEnumerable<T> ReadRowsAsync(LinkDownloader downloader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(downloader);
        return ExportRowReader.ReadAsync(this, downloader, cancellationToken);
    }

    /// <summary>Describes the export without its links.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ExportFiles<{typeof(T).Name}>({Links.Count} file(s), generated {GeneratedTime:yyyy-MM-ddTHH:mm:ssZ}, expires {ExpiresAt:yyyy-MM-ddTHH:mm:ssZ})");
}
