using System.Globalization;

namespace Mde.Bindings;

/// <summary>Reads the link string an operation returned and works out when it expires.</summary>
internal static class DownloadLinkParser
{
    /// <summary>
    /// Parses the link text the service returned. Surrounding whitespace and a pair of literal quotes (the
    /// investigation package operation returns its link wrapped in <c>"</c>) are removed.
    /// </summary>
    /// <exception cref="MdeResponseFormatException">The text is empty or not an absolute http(s) URI.</exception>
    public static Uri ParseUri(string? value, string operation)
    {
        string text = (value ?? string.Empty).Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = text[1..^1].Trim();
        }

        if (text.Length == 0)
        {
            throw new MdeResponseFormatException($"{operation} returned an empty download link; expected an absolute https URI in the 'value' property.");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new MdeResponseFormatException($"{operation} returned a download link that is not an absolute http(s) URI (length {text.Length}); the link is not shown because it may hold a signature.");
        }

        return uri;
    }

    /// <summary>
    /// When a link obtained at <paramref name="obtainedAt"/> expires: the earlier of the stated lifetime and the
    /// link's own SAS expiry (<c>se=</c>), when it has one.
    /// </summary>
    public static DateTimeOffset ComputeExpiry(Uri uri, TimeSpan lifetime, DateTimeOffset obtainedAt)
    {
        ArgumentNullException.ThrowIfNull(uri);
        DateTimeOffset stated = obtainedAt + lifetime;
        DateTimeOffset? signed = TryGetSignedExpiry(uri);
        return signed is { } s && s < stated ? s : stated;
    }

    /// <summary>The SAS expiry (<c>se=</c>) of the link, if it has a readable one.</summary>
    public static DateTimeOffset? TryGetSignedExpiry(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        string query = uri.IsAbsoluteUri ? uri.Query : string.Empty;
        foreach (string pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0 || !pair.AsSpan(0, eq).Equals("se", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string value = Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset expiry))
            {
                return expiry;
            }
        }

        return null;
    }
}
