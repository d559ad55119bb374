using System.Globalization;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// The one rule for where a next link may lead: the scheme, host and port of the API. The client refuses any other link
/// before a request exists (so the bearer token never travels elsewhere); the enumeration refuses it even earlier,
/// before a permit is taken for it.
/// </summary>
internal static class ODataPagingOrigin
{
    /// <summary>Whether <paramref name="link"/> is absolute and on the scheme, host and port of <paramref name="api"/>.</summary>
    public static bool IsOf(Uri link, Uri api) =>
        link.IsAbsoluteUri
        && string.Equals(link.Scheme, api.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(link.IdnHost, api.IdnHost, StringComparison.OrdinalIgnoreCase)
        && link.Port == api.Port;

    /// <summary>The refusal of <paramref name="link"/>, which is not an address of <paramref name="api"/>.</summary>
    public static ODataPagingException Refused(string operation, Uri link, Uri api, long itemsRead) =>
        new($"{operation}: the next link points at {(link.IsAbsoluteUri ? Describe(link) : "a relative address")}, not at the API ({Describe(api)}); it was not requested, so the bearer token stayed with the API. Pass only the NextLink of a page this API returned.", operation, itemsRead);

    // Scheme, host and port only: no user info, path or query of a link that may not be ours reaches the message.
    private static string Describe(Uri uri) =>
        uri.Scheme + "://" + uri.Host + (uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture));
}
