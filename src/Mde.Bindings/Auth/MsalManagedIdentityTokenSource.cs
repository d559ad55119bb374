using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace Mde.Bindings.Auth;

/// <summary>
/// Tokens for an Azure managed identity through MSAL's managed identity application, which finds the local
/// identity endpoint (IMDS, App Service, Azure Arc…) itself and caches tokens.
/// </summary>
internal sealed class MsalManagedIdentityTokenSource : IAccessTokenSource
{
    private readonly TokenAcquisition _acquisition = new();
    /// <summary>Builds the MSAL managed identity application.</summary>
    /// <param name="identity"><see cref="ManagedIdentityId.SystemAssigned"/> or a user-assigned identity.</param>
    /// <param name="httpClientFactory">The HTTP client MSAL talks to the identity endpoint through; <see langword="null"/> for MSAL's own.</param>
    public MsalManagedIdentityTokenSource(ManagedIdentityId identity, IMsalHttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ManagedIdentityApplicationBuilder builder = ManagedIdentityApplicationBuilder.Create(identity);
        if (httpClientFactory is not null)
        {
            builder = builder.WithHttpClientFactory(httpClientFactory);
        }

        Application = builder.Build();
    }

    /// <summary>The MSAL application.</summary>
    public IManagedIdentityApplication Application { get; }

    /// <inheritdoc/>
    public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        return _acquisition.RunAsync(
            ct => Application.AcquireTokenForManagedIdentity(audience).WithForceRefresh(forceRefresh).ExecuteAsync(ct),
            () => $"Getting a token for {audience} with the managed identity",
            cancellationToken);
    }

    /// <inheritdoc/>
    public override string ToString() => "MSAL managed identity";
}
