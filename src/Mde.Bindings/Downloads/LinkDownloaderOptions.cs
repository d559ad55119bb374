namespace Mde.Bindings.Downloads;

/// <summary>How a <see cref="LinkDownloader"/> treats links, storage answers and content. Read once, when the downloader is created.</summary>
/// <example>
/// <code>
/// var downloader = new LinkDownloader(
///     new HttpClient(LinkDownloader.CreateStorageHandler()),
///     new LinkDownloaderOptions { ExpiryMargin = TimeSpan.FromMinutes(2), MaxLinkRefreshes = 3 });
/// </code>
/// </example>
public sealed class LinkDownloaderOptions
{
    /// <summary>
    /// How many times a download may ask for a fresh link (by calling the link delegate again) when the link it
    /// holds expired before use or the storage answered 403 or 404. The action is never run again: only its link
    /// is fetched anew, which the API documents as safe. Default 2; 0 disables refreshing.
    /// </summary>
    public int MaxLinkRefreshes { get; set; } = 2;

    /// <summary>
    /// Whether plain http is allowed for loopback hosts (<c>localhost</c>, 127.0.0.0/8, ::1), which is how the
    /// emulator serves results. Default <see langword="true"/>. Any other http link is always refused.
    /// </summary>
    public bool AllowLoopbackHttp { get; set; } = true;

    /// <summary>
    /// When not empty, the only hosts links and redirects may point to: an entry matches the host itself and its
    /// subdomains (<c>blob.core.windows.net</c> allows <c>x.blob.core.windows.net</c>). Empty (the default) allows any
    /// host that passes the scheme rules.
    /// </summary>
    public IList<string> AllowedHosts { get; } = new List<string>();

    /// <summary>
    /// Whether raw content (a link with no JSON metadata, such as a GetFile result) that starts with the gzip
    /// signature (<c>1f 8b</c>) is decompressed, so that the file written holds the collected file's own bytes.
    /// Default <see langword="true"/>: the service stores GetFile results gzip-compressed and says so in no header
    /// (demisto/content's MDE integration saves them as <c>.gz</c>; MDEAutomator's README calls them gzips; see
    /// docs/service-behaviour.md). One layer is removed, so a collected file that is itself a <c>.gz</c> arrives as that
    /// <c>.gz</c>. Set <see langword="false"/> to keep the gzip exactly as served. A <c>Content-Encoding</c> header is
    /// always decoded (it describes the transfer, not the stored result), and JSON content is always decompressed.
    /// A gzip body that is corrupt or cut short ends in a <see cref="DownloadFailedException"/>.
    /// </summary>
    public bool DecompressGzipRawContent { get; set; } = true;

    /// <summary>Size in bytes of the pooled buffer content is copied through. Default 128 KiB; between 4 KiB and 16 MiB.</summary>
    public int BufferSize { get; set; } = 128 * 1024;

    /// <summary>
    /// How long a read of the content may wait for data before the download is abandoned as stalled. Default two
    /// minutes; <see cref="Timeout.InfiniteTimeSpan"/> waits forever. The response headers are bounded by the
    /// storage client's <see cref="HttpClient.Timeout"/>.
    /// </summary>
    public TimeSpan ReadIdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A link that expires within this margin is treated as already expired and refreshed before use, so that a
    /// download does not start on a link that dies in flight. Default 5 seconds.
    /// </summary>
    public TimeSpan ExpiryMargin { get; set; } = TimeSpan.FromSeconds(5);
}
