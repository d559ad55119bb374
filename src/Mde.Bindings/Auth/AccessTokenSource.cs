using Microsoft.Identity.Client;

namespace Mde.Bindings.Auth;

/// <summary>Creates the token source that fits a set of <see cref="MdeAuthOptions"/>.</summary>
public static class AccessTokenSource
{
    /// <summary>
    /// An <see cref="EmulatorTokenSource"/> for the demo app when the options name an emulator
    /// (<see cref="MdeAuthOptions.EmulatorUrl"/>), a <see cref="MsalManagedIdentityTokenSource"/> when they name a
    /// managed identity, otherwise a <see cref="MsalConfidentialClientTokenSource"/>. Create one per set of options and keep it: its token cache
    /// lives in it.
    /// </summary>
    /// <param name="options">The settings (validated here).</param>
    /// <param name="httpClientFactory">The HTTP client MSAL uses (a proxy, or a test double); <see langword="null"/> for MSAL's own.</param>
    /// <exception cref="MdeAuthConfigurationException">The settings are incomplete or contradictory.</exception>
    public static IAccessTokenSource Create(MdeAuthOptions options, IMsalHttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.EmulatorUrl is { } emulator)
        {
            return EmulatorTokenSource.ForDemoApp(emulator);
        }

        return options.ManagedIdentity is { } identity
            ? new MsalManagedIdentityTokenSource(identity, httpClientFactory)
            : new MsalConfidentialClientTokenSource(options, httpClientFactory);
    }
}
