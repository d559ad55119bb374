using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mde.Bindings.IO;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mde.Bindings.Downloads;

/// <summary>
/// Downloads the content behind a short-lived <see cref="DownloadLink{T}"/> in the same call that obtains the
/// link, so the link is never stored. The content is streamed through a bounded buffer; the storage request goes
/// through its own <see cref="HttpClient"/> and never carries the API's bearer token; only https links are
/// followed (plain http for loopback hosts, which is how the emulator serves results); an expired or rejected
/// link (403/404) is replaced by calling the link delegate again, which re-requests the link without re-running
/// the action. A cut-off body ends in a <see cref="DownloadFailedException"/>, and a file is written atomically.
/// </summary>
/// <example>
/// <code>
/// long bytes = await LinkDownloader.Shared.SaveToFileAsync(
///     ct => api.GetLiveResponseResultDownloadLinkAsync(actionId, 0, ct), "result.json", cancellationToken);
/// </code>
/// </example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1873:Avoid potentially expensive logging", Justification = "Its debug messages are a few per download, and the redaction and timing they pass cost nothing next to the download.")]
public sealed partial class LinkDownloader
{
    private const int MaxRedirects = 5;
    private static readonly byte[] s_gzipSignature = [0x1f, 0x8b];
    private static readonly Lazy<LinkDownloader> s_shared = new(() => new LinkDownloader(CreateStorageClient()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly HttpClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly StorageLinkPolicy _policy;
    private readonly int _maxLinkRefreshes;
    private readonly int _bufferSize;
    private readonly bool _decompressGzipRawContent;
    private readonly TimeSpan _readIdleTimeout;
    private readonly TimeSpan _expiryMargin;

    /// <summary>Creates a downloader over <paramref name="storageClient"/>.</summary>
    /// <param name="storageClient">
    /// The client storage requests go through. It must not be the API's client: it must carry no
    /// <c>Authorization</c> header and no handler that adds one. Prefer a handler with automatic redirects off, so
    /// that each redirect is checked before it is followed.
    /// </param>
    /// <param name="options">Refresh bound, link rules, buffer size and gzip handling; the defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock link expiry and read timeouts are measured on; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Where downloads are logged (links redacted); nowhere when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The client sends an <c>Authorization</c> header by default, or an option is out of range.</exception>
    public LinkDownloader(HttpClient storageClient, LinkDownloaderOptions? options = null, TimeProvider? timeProvider = null, ILogger<LinkDownloader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(storageClient);
        if (storageClient.DefaultRequestHeaders.Authorization is not null)
        {
            throw new ArgumentException(TokenOnClientMessage, nameof(storageClient));
        }

        options ??= new LinkDownloaderOptions();
        if (options.MaxLinkRefreshes is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxLinkRefreshes, "LinkDownloaderOptions.MaxLinkRefreshes must be between 0 and 100.");
        }

        if (options.BufferSize is < 4096 or > 16 * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BufferSize, "LinkDownloaderOptions.BufferSize must be between 4 KiB and 16 MiB.");
        }

        if (options.ReadIdleTimeout <= TimeSpan.Zero && options.ReadIdleTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ReadIdleTimeout, "LinkDownloaderOptions.ReadIdleTimeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (options.ExpiryMargin < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ExpiryMargin, "LinkDownloaderOptions.ExpiryMargin must not be negative.");
        }

        _client = storageClient;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _policy = new StorageLinkPolicy(options.AllowLoopbackHttp, options.AllowedHosts);
        _maxLinkRefreshes = options.MaxLinkRefreshes;
        _bufferSize = options.BufferSize;
        _decompressGzipRawContent = options.DecompressGzipRawContent;
        _readIdleTimeout = options.ReadIdleTimeout;
        _expiryMargin = options.ExpiryMargin;
    }

    /// <summary>
    /// A process-wide downloader with default options over its own <see cref="HttpClient"/>, which carries no
    /// credentials, follows no redirect by itself and pools connections with a bounded lifetime.
    /// </summary>
    public static LinkDownloader Shared => s_shared.Value;

    /// <summary>Whether a link expiring at <paramref name="expiresAt"/> counts as expired now, on this downloader's clock and margin.</summary>
    internal bool HasExpired(DateTimeOffset expiresAt) => _timeProvider.GetUtcNow() + _expiryMargin >= expiresAt;

    private const string TokenOnClientMessage =
        "The storage HttpClient sends an Authorization header by default (DefaultRequestHeaders.Authorization). A result link is a SAS link: the API's bearer token must never reach the storage host. Give LinkDownloader its own HttpClient without credentials, or use LinkDownloader.Shared.";

    /// <summary>
    /// Gets a link from <paramref name="getLink"/> and reads its JSON content as <typeparamref name="T"/> through the
    /// link's <see cref="DownloadLink{T}.ContentTypeInfo"/>, without reflection.
    /// </summary>
    /// <param name="getLink">Obtains the link, for example <c>ct => api.GetLiveResponseResultDownloadLinkAsync(id, 0, ct)</c>. Called again when the link must be refreshed.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <exception cref="InvalidOperationException">The link's content is raw bytes (no JSON metadata): use <see cref="CopyToAsync{T}"/> or <see cref="SaveToFileAsync{T}"/>.</exception>
    /// <exception cref="DownloadFailedException">The content could not be downloaded completely.</exception>
    /// <exception cref="MdeResponseFormatException">The content is not valid JSON for <typeparamref name="T"/>.</exception>
    public Task<T> ReadAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(getLink, singleLink: false, cancellationToken);

    /// <summary>Gets a link from <paramref name="getLink"/> and streams its content, as stored, to <paramref name="destination"/>.</summary>
    /// <param name="getLink">Obtains the link. Called again when the link must be refreshed.</param>
    /// <param name="destination">A writable stream; it is neither flushed nor closed.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <returns>The number of bytes written to <paramref name="destination"/>.</returns>
    /// <exception cref="DownloadFailedException">The content could not be downloaded completely; <paramref name="destination"/> may hold part of it.</exception>
    public Task<long> CopyToAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, Stream destination, CancellationToken cancellationToken = default) =>
        CopyCoreAsync(getLink, destination, singleLink: false, cancellationToken);

    /// <summary>
    /// Gets a link from <paramref name="getLink"/> and writes its content to a temporary file next to
    /// <paramref name="path"/>, flushed to disk and then renamed over <paramref name="path"/>: the file is complete
    /// or untouched, and no temporary file is left behind.
    /// </summary>
    /// <param name="getLink">Obtains the link. Called again when the link must be refreshed.</param>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="cancellationToken">Cancels the link request and the download.</param>
    /// <returns>The number of bytes written to the file.</returns>
    /// <exception cref="DownloadFailedException">The content could not be downloaded completely; the file at <paramref name="path"/> is unchanged.</exception>
    public Task<long> SaveToFileAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, string path, CancellationToken cancellationToken = default) =>
        SaveCoreAsync(getLink, path, singleLink: false, cancellationToken);

    internal Task<T> ReadCoreAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, bool singleLink, CancellationToken cancellationToken) =>
        DownloadAsync(
            getLink,
            singleLink,
            treatAsJson: true,
            static link =>
            {
                if (link.ContentTypeInfo is null)
                {
                    throw new InvalidOperationException(
                        $"The {ContentName<T>()} link carries raw bytes (DownloadLink<{typeof(T).Name}> has no JSON metadata), so it cannot be read as an object. Use CopyToAsync or SaveToFileAsync for raw content.");
                }
            },
            static async (link, content, _, ct) =>
            {
                try
                {
                    return await JsonSerializer.DeserializeAsync(content, link.ContentTypeInfo!, ct).ConfigureAwait(false)
                        ?? throw new MdeResponseFormatException($"The {ContentName<T>()} content downloaded from {Redaction.Redact(link.Uri)} is JSON null; a {typeof(T).Name} object was expected.");
                }
                catch (JsonException ex)
                {
                    throw new MdeResponseFormatException($"The {ContentName<T>()} content downloaded from {Redaction.Redact(link.Uri)} is not a valid {typeof(T).Name}: {ex.Message}", ex);
                }
            },
            cancellationToken);

    internal Task<long> CopyCoreAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, Stream destination, bool singleLink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("The destination stream is not writable.", nameof(destination));
        }

        return DownloadAsync(getLink, singleLink, treatAsJson: false, check: null, (_, content, _, ct) => CopyAsync(content, destination, ct), cancellationToken);
    }

    /// <summary>Saves a link's content atomically; see <see cref="SaveToFileAsync{T}"/>.</summary>
    /// <param name="getLink">Obtains the link.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="singleLink">The link cannot be refreshed (it came from a single task).</param>
    /// <param name="cancellationToken">Cancels everything.</param>
    /// <param name="decompressGzip">
    /// Whether a body that starts with the gzip signature is decompressed, whatever the link's type says; null follows
    /// the link (JSON: yes) and <see cref="LinkDownloaderOptions.DecompressGzipRawContent"/> (raw content).
    /// </param>
    internal Task<long> SaveCoreAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, string path, bool singleLink, CancellationToken cancellationToken, bool? decompressGzip = null)
    {
        string fullPath = AtomicFile.ValidateDestination(path);
        return DownloadAsync(
            getLink,
            singleLink,
            treatAsJson: false,
            check: null,
            (_, content, knownLength, ct) => AtomicFile.WriteAsync(fullPath, knownLength ?? 0, (file, token) => CopyAsync(content, file, token), ct),
            cancellationToken,
            decompressGzip);
    }

    /// <summary>
    /// The one download loop every public method runs: obtain a link, refresh it while it is expired or rejected
    /// (bounded), send the storage request, and hand the checked, decoded body to <paramref name="consume"/>.
    /// </summary>
    /// <param name="getLink">Obtains the link.</param>
    /// <param name="singleLink">The link cannot be refreshed (it came from a single task).</param>
    /// <param name="treatAsJson">Detect gzip by its signature whatever the link says (the content is known to be JSON).</param>
    /// <param name="check">Checks the link before any request is sent.</param>
    /// <param name="consume">Reads the body: the link, the decoded content, its length when known, the cancellation token.</param>
    /// <param name="cancellationToken">Cancels everything.</param>
    /// <param name="decompressGzip">Overrides whether a body with the gzip signature is decompressed; null decides by the link's type and the options.</param>
    internal async Task<TResult> DownloadAsync<T, TResult>(
        Func<CancellationToken, Task<DownloadLink<T>>> getLink,
        bool singleLink,
        bool treatAsJson,
        Action<DownloadLink<T>>? check,
        Func<DownloadLink<T>, Stream, long?, CancellationToken, Task<TResult>> consume,
        CancellationToken cancellationToken,
        bool? decompressGzip = null)
    {
        ArgumentNullException.ThrowIfNull(getLink);
        if (_client.DefaultRequestHeaders.Authorization is not null)
        {
            throw new InvalidOperationException(TokenOnClientMessage);
        }

        string contentName = ContentName<T>();
        int maxRefreshes = singleLink ? 0 : _maxLinkRefreshes;
        int refreshes = 0;
        try
        {
            while (true)
            {
                DownloadLink<T> link = await getLink(cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The link delegate returned null instead of a DownloadLink<{typeof(T).Name}>.");
                check?.Invoke(link);
                _policy.EnsureAllowed(link.Uri, contentName);
                string redactedLink = Redaction.Redact(link.Uri);

                DateTimeOffset now = _timeProvider.GetUtcNow();
                if (now + _expiryMargin >= link.ExpiresAt)
                {
                    string reason = string.Create(CultureInfo.InvariantCulture, $"expired at {link.ExpiresAt:o} (now {now:o})");
                    if (refreshes >= maxRefreshes)
                    {
                        throw RefreshesExhausted(contentName, redactedLink, reason, null, refreshes, singleLink);
                    }

                    refreshes++;
                    LinkDownloaderLog.LinkExpiredBeforeUse(_logger, contentName, redactedLink, link.ExpiresAt, refreshes, maxRefreshes);
                    continue;
                }

                LinkDownloaderLog.DownloadStarting(_logger, contentName, redactedLink);
                long started = _timeProvider.GetTimestamp();
                using HttpResponseMessage response = await SendAsync(link.Uri, contentName, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
                {
                    string reason = $"was answered {(int)response.StatusCode} {response.StatusCode} by the storage (an expired or withdrawn link)";
                    if (refreshes >= maxRefreshes)
                    {
                        throw RefreshesExhausted(contentName, redactedLink, reason, response.StatusCode, refreshes, singleLink);
                    }

                    refreshes++;
                    LinkDownloaderLog.StorageRejectedLink(_logger, response.StatusCode, contentName, redactedLink, refreshes, maxRefreshes);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    string advice = (int)response.StatusCode >= 500 ? "A 5xx answer is usually transient: retry the download." : "The link or the storage does not serve this content.";
                    throw new DownloadFailedException(
                        $"The storage answered {(int)response.StatusCode} {response.StatusCode} for the {contentName} content at {redactedLink}. {advice}",
                        redactedLink,
                        response.StatusCode);
                }

                bool decompress = decompressGzip ?? (treatAsJson || link.ContentTypeInfo is not null || _decompressGzipRawContent);
                return await ReadBodyAsync(link, response, decompress, contentName, redactedLink, started, consume, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DownloadFailedException ex) when (LogFailure(ex, contentName))
        {
            throw;
        }
    }

    private async Task<TResult> ReadBodyAsync<T, TResult>(
        DownloadLink<T> link,
        HttpResponseMessage response,
        bool decompressGzip,
        string contentName,
        string redactedLink,
        long started,
        Func<DownloadLink<T>, Stream, long?, CancellationToken, Task<TResult>> consume,
        CancellationToken cancellationToken)
    {
        Stream body;
        try
        {
            body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new DownloadFailedException($"The download of the {contentName} content from {redactedLink} failed before its body arrived: {ex.Message}", redactedLink, innerException: ex);
        }

        long? announcedLength = response.Content.Headers.ContentLength;
        var content = new StorageContentStream(body, announcedLength, contentName, redactedLink, _readIdleTimeout, _timeProvider, cancellationToken);
        await using (content.ConfigureAwait(false))
        {
            (Stream decoded, string? encoding) = await DecodeAsync(response.Content.Headers.ContentEncoding, content, decompressGzip, contentName, redactedLink, cancellationToken).ConfigureAwait(false);
            try
            {
                TResult result = await consume(link, decoded, encoding is null ? announcedLength : null, cancellationToken).ConfigureAwait(false);
                await content.DrainAsync(cancellationToken).ConfigureAwait(false);
                LinkDownloaderLog.DownloadCompleted(_logger, content.BytesReceived, contentName, redactedLink, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
                return result;
            }
            catch (InvalidDataException ex) when (encoding is not null)
            {
                throw new DownloadFailedException($"The {contentName} content from {redactedLink} is not valid {encoding} data: {ex.Message}", redactedLink, innerException: ex);
            }
            finally
            {
                if (!ReferenceEquals(decoded, content))
                {
                    await decoded.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private async ValueTask<(Stream Decoded, string? Encoding)> DecodeAsync(
        ICollection<string> contentEncodings, StorageContentStream content, bool decompressGzip, string contentName, string redactedLink, CancellationToken cancellationToken)
    {
        Stream decoded = content;
        string? applied = null;

        // Codings are listed in the order they were applied, so they are undone from the last one.
        foreach (string coding in contentEncodings.Reverse())
        {
            bool leaveOpen = ReferenceEquals(decoded, content);
            switch (coding.Trim().ToLowerInvariant())
            {
                case "identity":
                    continue;
                case "gzip" or "x-gzip":
                    decoded = new GzipVerifyingStream(decoded, leaveOpen);
                    break;
                case "deflate":
                    decoded = new ZLibStream(decoded, CompressionMode.Decompress, leaveOpen);
                    break;
                case "br":
                    decoded = new BrotliStream(decoded, CompressionMode.Decompress, leaveOpen);
                    break;
                default:
                    throw new DownloadFailedException(
                        $"The storage sent the {contentName} content from {redactedLink} with Content-Encoding '{coding}', which cannot be decoded (gzip, deflate and br can).",
                        redactedLink);
            }

            applied = applied is null ? coding : $"{coding}, {applied}";
        }

        if (applied is not null)
        {
            LinkDownloaderLog.Decompressing(_logger, contentName, redactedLink, $"Content-Encoding: {applied}");
            return (decoded, applied);
        }

        // The service stores GetFile results gzip-compressed without a header saying so (docs/service-behaviour.md).
        // JSON never starts with the gzip signature, so for JSON the check is always safe; raw content is
        // decompressed unless the caller keeps the gzip.
        if (decompressGzip && await content.StartsWithAsync(s_gzipSignature, cancellationToken).ConfigureAwait(false))
        {
            LinkDownloaderLog.Decompressing(_logger, contentName, redactedLink, "gzip signature without Content-Encoding");
            return (new GzipVerifyingStream(content, leaveOpen: true), "gzip");
        }

        return (content, null);
    }

    /// <summary>Sends the storage request, following at most a few redirects and checking each hop against the link rules.</summary>
    private async Task<HttpResponseMessage> SendAsync(Uri link, string contentName, CancellationToken cancellationToken)
    {
        Uri current = link;
        for (int redirects = 0; ; redirects++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.Authorization = null;
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));

            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new DownloadFailedException($"The storage at {Redaction.Redact(current)} could not be reached for the {contentName} content: {ex.Message}", Redaction.Redact(current), innerException: ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DownloadFailedException(
                    string.Create(CultureInfo.InvariantCulture, $"The storage at {Redaction.Redact(current)} did not answer within the storage client's timeout ({_client.Timeout.TotalSeconds:0.###} s) for the {contentName} content."),
                    Redaction.Redact(current),
                    innerException: ex);
            }

            // A handler in the client's pipeline may have added credentials after the request left this method.
            if (request.Headers.Authorization is not null)
            {
                response.Dispose();
                throw new InvalidOperationException(
                    $"A handler of the storage HttpClient added an Authorization header to the request for {Redaction.Redact(current)}, so the credential reached the storage host. Give LinkDownloader an HttpClient without authentication handlers (not the API's client), or use LinkDownloader.Shared.");
            }

            // A client that follows redirects by itself reports where it ended up; that hop must obey the same rules.
            if (request.RequestUri is { } landed && landed != current)
            {
                try
                {
                    _policy.EnsureRedirectAllowed(current, landed, contentName);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }

                current = landed;
            }

            if (!IsRedirect(response.StatusCode) || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            Uri target = location.IsAbsoluteUri ? location : new Uri(current, location);
            _policy.EnsureRedirectAllowed(current, target, contentName);
            if (redirects >= MaxRedirects)
            {
                throw new DownloadFailedException($"The storage redirected the {contentName} content more than {MaxRedirects} times, starting at {Redaction.Redact(link)}.", Redaction.Redact(link));
            }

            LinkDownloaderLog.Redirected(_logger, Redaction.Redact(current), Redaction.Redact(target));
            current = target;
        }
    }

    private async Task<long> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(_bufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, _bufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private DownloadFailedException RefreshesExhausted(string contentName, string redactedLink, string reason, HttpStatusCode? status, int refreshes, bool singleLink)
    {
        string message = singleLink
            ? $"The {contentName} link {redactedLink} {reason}, and a link that was obtained once (from a Task) cannot be refreshed. Pass a delegate instead, as in LinkDownloader.Shared.CopyToAsync(ct => api.Get…Async(…, ct), …), so that a fresh link can be requested."
            : $"The {contentName} link {redactedLink} {reason}, after {refreshes} fresh link(s) (LinkDownloaderOptions.MaxLinkRefreshes is {_maxLinkRefreshes}). Check the machine's clock and the storage's availability, or raise MaxLinkRefreshes.";
        return new DownloadFailedException(message, redactedLink, status);
    }

    private bool LogFailure(DownloadFailedException exception, string contentName)
    {
        LinkDownloaderLog.DownloadFailed(_logger, exception, contentName, exception.RedactedLink ?? "(no link)");
        return false;
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static string ContentName<T>() => typeof(T) == typeof(Stream) ? "file" : typeof(T).Name;

    private static HttpClient CreateStorageClient() => new(CreateStorageHandler());

    /// <summary>The primary handler storage clients need: no credentials, no automatic redirects or decompression.</summary>
    public static SocketsHttpHandler CreateStorageHandler() =>
        new()
        {
            // Each redirect is checked by LinkDownloader before it is followed.
            AllowAutoRedirect = false,

            // Decoding is done by LinkDownloader, after the Content-Length check.
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
}
