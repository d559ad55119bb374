namespace Mde.Bindings.Downloads;

/// <summary>
/// <see cref="LinkDownloader"/> refused to follow a link or a redirect: it is not https (plain http is allowed
/// for loopback hosts only), it leaves https, or its host is not in <see cref="LinkDownloaderOptions.AllowedHosts"/>.
/// Nothing was sent to that address.
/// </summary>
internal sealed class DownloadLinkRefusedException : DownloadFailedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the link was refused and how to allow it if that is intended.</param>
    /// <param name="redactedLink">The refused link as <see cref="Redaction.Redact(Uri)"/> describes it.</param>
    public DownloadLinkRefusedException(string message, string redactedLink)
        : base(message, redactedLink)
    {
    }
}
