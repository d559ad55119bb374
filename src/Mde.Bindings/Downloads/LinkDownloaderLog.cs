using System.Net;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Downloads;

/// <summary>The log messages of <see cref="LinkDownloader"/>. Every link argument is already redacted.</summary>
internal static partial class LinkDownloaderLog
{
    [LoggerMessage(EventId = 301, EventName = "DownloadStarting", Level = LogLevel.Debug, Message = "Downloading the {ContentName} content from {RedactedLink}")]
    public static partial void DownloadStarting(ILogger logger, string contentName, string redactedLink);

    [LoggerMessage(EventId = 302, EventName = "LinkExpiredBeforeUse", Level = LogLevel.Information, Message = "The {ContentName} link {RedactedLink} expires at {ExpiresAt:o}; requesting a fresh link (refresh {Refresh} of {MaxRefreshes})")]
    public static partial void LinkExpiredBeforeUse(ILogger logger, string contentName, string redactedLink, DateTimeOffset expiresAt, int refresh, int maxRefreshes);

    [LoggerMessage(EventId = 303, EventName = "StorageRejectedLink", Level = LogLevel.Warning, Message = "Storage answered {StatusCode} for the {ContentName} link {RedactedLink}; requesting a fresh link (refresh {Refresh} of {MaxRefreshes})")]
    public static partial void StorageRejectedLink(ILogger logger, HttpStatusCode statusCode, string contentName, string redactedLink, int refresh, int maxRefreshes);

    [LoggerMessage(EventId = 304, EventName = "Redirected", Level = LogLevel.Debug, Message = "Storage redirected {RedactedLink} to {RedactedTarget}")]
    public static partial void Redirected(ILogger logger, string redactedLink, string redactedTarget);

    [LoggerMessage(EventId = 305, EventName = "Decompressing", Level = LogLevel.Debug, Message = "Decompressing the {ContentName} content from {RedactedLink} ({Reason})")]
    public static partial void Decompressing(ILogger logger, string contentName, string redactedLink, string reason);

    [LoggerMessage(EventId = 306, EventName = "DownloadCompleted", Level = LogLevel.Debug, Message = "Downloaded {Bytes} bytes of {ContentName} content from {RedactedLink} in {ElapsedMilliseconds} ms")]
    public static partial void DownloadCompleted(ILogger logger, long bytes, string contentName, string redactedLink, long elapsedMilliseconds);

    [LoggerMessage(EventId = 307, EventName = "DownloadFailed", Level = LogLevel.Warning, Message = "The download of the {ContentName} content from {RedactedLink} failed")]
    public static partial void DownloadFailed(ILogger logger, Exception exception, string contentName, string redactedLink);
}
