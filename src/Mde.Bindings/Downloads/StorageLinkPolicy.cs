namespace Mde.Bindings.Downloads;

/// <summary>Decides which addresses a download may reach: https only, loopback http when allowed, and the allowed hosts.</summary>
internal sealed class StorageLinkPolicy
{
    private readonly bool _allowLoopbackHttp;
    private readonly string[] _allowedHosts;

    public StorageLinkPolicy(bool allowLoopbackHttp, IEnumerable<string> allowedHosts)
    {
        _allowLoopbackHttp = allowLoopbackHttp;
        _allowedHosts = allowedHosts
            .Select(host => (host ?? string.Empty).Trim().TrimStart('.').TrimEnd('.'))
            .Where(host => host.Length > 0)
            .ToArray();
    }

    /// <summary>Throws <see cref="DownloadLinkRefusedException"/> unless the link may be downloaded.</summary>
    public void EnsureAllowed(Uri link, string contentName)
    {
        if (Refusal(link) is { } why)
        {
            throw new DownloadLinkRefusedException($"Refused to download the {contentName} content from {Redaction.Redact(link)}: {why}", Redaction.Redact(link));
        }
    }

    /// <summary>Throws <see cref="DownloadLinkRefusedException"/> unless the storage may redirect from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void EnsureRedirectAllowed(Uri from, Uri to, string contentName)
    {
        string? why = from.Scheme == Uri.UriSchemeHttps && to.Scheme != Uri.UriSchemeHttps
            ? "the storage redirected from https to a non-https address, which would expose the transfer."
            : Refusal(to);
        if (why is not null)
        {
            throw new DownloadLinkRefusedException(
                $"Refused to follow the storage's redirect from {Redaction.Redact(from)} to {Redaction.Redact(to)} for the {contentName} content: {why}",
                Redaction.Redact(to));
        }
    }

    private string? Refusal(Uri link)
    {
        if (!link.IsAbsoluteUri)
        {
            return "the link is not an absolute URI.";
        }

        if (link.Scheme == Uri.UriSchemeHttp)
        {
            if (!link.IsLoopback)
            {
                return "plain http is refused for any host but loopback; a result link must be https.";
            }

            if (!_allowLoopbackHttp)
            {
                return "plain http to a loopback host is turned off (LinkDownloaderOptions.AllowLoopbackHttp is false).";
            }
        }
        else if (link.Scheme != Uri.UriSchemeHttps)
        {
            return $"the scheme '{link.Scheme}' is not supported; a result link must be https.";
        }

        if (_allowedHosts.Length > 0 && !_allowedHosts.Any(allowed => HostMatches(link.IdnHost, allowed)))
        {
            return $"the host '{link.IdnHost}' is not in LinkDownloaderOptions.AllowedHosts ({string.Join(", ", _allowedHosts)}).";
        }

        return null;
    }

    private static bool HostMatches(string host, string allowed) =>
        host.Equals(allowed, StringComparison.OrdinalIgnoreCase)
        || (host.Length > allowed.Length
            && host.EndsWith(allowed, StringComparison.OrdinalIgnoreCase)
            && host[host.Length - allowed.Length - 1] == '.');
}
