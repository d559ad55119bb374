namespace Mde.Bindings;

/// <summary>
/// Turns secrets into text that is safe to log. A SAS link is a credential while it lives: its query
/// (signature, expiry, permissions) and user info never leave this class.
/// </summary>
/// <example>
/// <code>
/// // Scheme, host and path only: the link's signature (its query) never reaches the log.
/// logger.LogInformation("Downloading {Link}", Redaction.Redact(link.Uri));
/// </code>
/// </example>
public static class Redaction
{
    /// <summary>The text that stands in for a removed secret.</summary>
    public const string Placeholder = "[redacted]";

    /// <summary>Returns the scheme, host and path of <paramref name="uri"/>, with any query or user info replaced by a placeholder.</summary>
    public static string Redact(Uri? uri)
    {
        if (uri is null)
        {
            return "(null)";
        }

        if (!uri.IsAbsoluteUri)
        {
            string text = uri.OriginalString;
            int query = text.IndexOfAny(['?', '#']);
            return query < 0 ? text : text[..query] + "?" + Placeholder;
        }

        string authority = uri.GetLeftPart(UriPartial.Scheme) + uri.Host + (uri.IsDefaultPort ? string.Empty : ":" + uri.Port);
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            // Other schemes (ftp, file…) have no query in Uri's eyes: a signature would stay in the path.
            return uri.AbsolutePath is "/" or "" ? authority : authority + "/" + Placeholder;
        }

        string redacted = authority + uri.AbsolutePath;
        return string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Fragment)
            ? redacted
            : redacted + "?" + Placeholder;
    }
}
