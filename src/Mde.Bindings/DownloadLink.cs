using System.Globalization;
using System.Text.Json.Serialization.Metadata;

namespace Mde.Bindings;

/// <summary>
/// A short-lived link to the result of an operation (for example a live response command's output), as
/// the service returned it. The link is a credential until it expires: download its content at once and
/// do not keep, return or log it. <see cref="ToString"/> never shows the signature.
/// </summary>
/// <typeparam name="T">What the linked content is: a generated model for JSON content, <see cref="Stream"/> for raw bytes.</typeparam>
/// <example>
/// <code>
/// // Get the link and stream its content in the same call: never keep it (MDE1001) or log it (MDE1002).
/// long bytes = await LinkDownloader.Shared.SaveToFileAsync(
///     ct => api.GetLiveResponseResultDownloadLinkAsync(machineActionId, 0, ct), "result.json");
/// </code>
/// </example>
[ConsumeImmediately]
public sealed class DownloadLink<T>
{
    /// <summary>Creates a link. Generated clients call this; tests and fakes may too.</summary>
    /// <param name="uri">The absolute link.</param>
    /// <param name="expiresAt">When the link stops working.</param>
    /// <param name="contentTypeInfo">How to read the content when it is JSON; <see langword="null"/> for raw bytes.</param>
    public DownloadLink(Uri uri, DateTimeOffset expiresAt, JsonTypeInfo<T>? contentTypeInfo = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("A download link must be an absolute URI.", nameof(uri));
        }

        Uri = uri;
        ExpiresAt = expiresAt;
        ContentTypeInfo = contentTypeInfo;
    }

    /// <summary>The link itself. Pass it straight to a download; never store or log it.</summary>
    public Uri Uri { get; }

    /// <summary>When the link stops working: the earlier of the service's stated lifetime and the link's own <c>se=</c> expiry.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>How to read the linked content when it is JSON; <see langword="null"/> when the content is raw bytes.</summary>
    public JsonTypeInfo<T>? ContentTypeInfo { get; }

    /// <summary>Whether the link has expired at the time <paramref name="timeProvider"/> gives (the system clock by default).</summary>
    public bool IsExpired(TimeProvider? timeProvider = null) => (timeProvider ?? TimeProvider.System).GetUtcNow() >= ExpiresAt;

    /// <summary>Describes the link without its secret parts.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"DownloadLink<{typeof(T).Name}>({Redaction.Redact(Uri)}, expires {ExpiresAt:yyyy-MM-ddTHH:mm:ssZ})");
}
