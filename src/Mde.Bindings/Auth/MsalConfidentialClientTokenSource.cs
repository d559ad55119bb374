using System.Security.Cryptography.X509Certificates;
using Microsoft.Identity.Client;

namespace Mde.Bindings.Auth;

/// <summary>
/// Tokens for an app registration (client credentials) through one MSAL confidential client application, built
/// once: tokens come from MSAL's application token cache until they near expiry.
/// </summary>
internal sealed class MsalConfidentialClientTokenSource : IAccessTokenSource
{
    private readonly TokenAcquisition _acquisition = new();
    private readonly Uri _authority;
    private readonly string _clientId;

    /// <summary>Builds the MSAL application for <paramref name="options"/> (a secret, a certificate or a certificate file).</summary>
    /// <param name="options">The settings; they are read now, later changes have no effect.</param>
    /// <param name="httpClientFactory">The HTTP client MSAL talks to the identity provider through (a proxy, or a test double); <see langword="null"/> for MSAL's own.</param>
    /// <exception cref="MdeAuthConfigurationException">The settings are incomplete, name a managed identity, or the certificate file cannot be read.</exception>
    public MsalConfidentialClientTokenSource(MdeAuthOptions options, IMsalHttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        MdeCredentialKind kind = options.GetCredentialKind()!.Value;
        if (kind == MdeCredentialKind.ManagedIdentity)
        {
            throw new MdeAuthConfigurationException(
                $"These settings name a managed identity: use {nameof(MsalManagedIdentityTokenSource)} (or {nameof(MdeAuthOptions)}.{nameof(MdeAuthOptions.CreateTokenSource)}) for it.");
        }

        _clientId = options.ClientId!.Trim();
        _authority = options.Cloud.GetAuthority(options.TenantId!);

        ConfidentialClientApplicationBuilder builder = ConfidentialClientApplicationBuilder.Create(_clientId).WithAuthority(_authority);
        builder = kind switch
        {
            MdeCredentialKind.ClientSecret => builder.WithClientSecret(options.ClientSecret!),
            MdeCredentialKind.Certificate => builder.WithCertificate(options.ClientCertificate!),

            // Loaded once; the certificate lives as long as this source.
            _ => builder.WithCertificate(ClientCertificateLoader.Load(options.ClientCertificatePath!.Trim(), options.ClientCertificatePassword)),
        };

        if (httpClientFactory is not null)
        {
            builder = builder.WithHttpClientFactory(httpClientFactory);
        }

        Application = builder.Build();
        options.ConfigureTokenCache?.Invoke(Application.AppTokenCache);
    }

    /// <summary>The MSAL application.</summary>
    public IConfidentialClientApplication Application { get; }

    /// <inheritdoc/>
    public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        string[] scopes = [audience.TrimEnd('/') + "/.default"];
        return _acquisition.RunAsync(
            ct => Application.AcquireTokenForClient(scopes).WithForceRefresh(forceRefresh).ExecuteAsync(ct),
            () => $"Getting a token for {scopes[0]} from {_authority} as client {_clientId}",
            cancellationToken);
    }

    /// <inheritdoc/>
    public override string ToString() => $"MSAL confidential client {_clientId} at {_authority}";
}
