using System.Net;

namespace Mde.Bindings.Downloads;

/// <summary>
/// A download through <see cref="LinkDownloader"/> did not deliver the whole content: the storage answered an
/// error, the body was cut off, the link could not be refreshed any more, or the link was refused. The message
/// names the content and the link without its signature; it never holds a token or a SAS query.
/// </summary>
/// <example>
/// <code>
/// try
/// {
///     await client.SaveResultAsync(machineActionId, commandIndex: 1, "memory.dmp.zip");
/// }
/// catch (DownloadFailedException failed)
/// {
///     // The link is asked for again on the next try; RedactedLink never holds the signature.
///     Console.Error.WriteLine($"{failed.StatusCode}: {failed.Message}");
/// }
/// </code>
/// </example>
public class DownloadFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what to do about it.</param>
    /// <param name="redactedLink">The link as <see cref="Redaction.Redact(Uri)"/> describes it.</param>
    /// <param name="statusCode">The storage's status code, when the failure is an HTTP answer.</param>
    /// <param name="innerException">The error that revealed the failure.</param>
    public DownloadFailedException(string message, string? redactedLink = null, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        RedactedLink = redactedLink;
        StatusCode = statusCode;
    }

    /// <summary>The link the download used, without its query (safe to log).</summary>
    public string? RedactedLink { get; }

    /// <summary>The status code the storage answered, when the failure is an HTTP answer.</summary>
    public HttpStatusCode? StatusCode { get; }
}
