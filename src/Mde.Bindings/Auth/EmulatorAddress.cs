namespace Mde.Bindings.Auth;

/// <summary>
/// The rule for an emulator's address: absolute, http or https, on a loopback host. Its tokens are minted with a
/// well-known demo secret, so nothing but this machine may be called an emulator.
/// </summary>
internal static class EmulatorAddress
{
    /// <summary>Why <paramref name="address"/> cannot be an emulator's (a sentence that names the fix), or null when it can.</summary>
    public static string? Refusal(Uri address)
    {
        if (!address.IsAbsoluteUri)
        {
            return "is not an absolute URL: give the API address the emulator prints, such as http://127.0.0.1:5080/.";
        }

        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            return $"has the scheme '{address.Scheme}': give the http address the emulator prints, such as http://127.0.0.1:5080/.";
        }

        return address.IsLoopback
            ? null
            : $"is not a loopback address: the emulator listens on this machine only (127.0.0.1, ::1 or localhost); for a real tenant set {MdeEnvironmentVariables.TenantId}, {MdeEnvironmentVariables.ClientId} and {MdeEnvironmentVariables.ClientSecret} or {MdeEnvironmentVariables.ClientCertificate} instead.";
    }

    /// <summary>The address with a trailing slash on its path, so relative paths land under it.</summary>
    public static Uri AsRoot(Uri address) =>
        address.AbsolutePath.EndsWith('/') ? address : new UriBuilder(address) { Path = address.AbsolutePath + "/" }.Uri;
}
