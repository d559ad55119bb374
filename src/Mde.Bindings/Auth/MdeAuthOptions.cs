using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace Mde.Bindings.Auth;

/// <summary>
/// How to obtain tokens for the Defender for Endpoint API: the cloud, and either an app registration (tenant id,
/// client id and one credential: a client secret, a certificate, or a certificate file), a managed identity, or the
/// loopback emulator (<see cref="EmulatorUrl"/>).
/// </summary>
/// <remarks><see cref="ToString"/> describes the settings without the secret or the certificate password.</remarks>
public sealed partial class MdeAuthOptions
{
    private static readonly SettingNames s_propertyNames = new(
        nameof(TenantId), nameof(ClientId), nameof(ClientSecret), nameof(ClientCertificate), nameof(ClientCertificatePath), nameof(ClientCertificatePassword), nameof(EmulatorUrl), nameof(Scope), nameof(ApiBaseAddress));

    /// <summary>The cloud the tenant lives in. Default: <see cref="MdeCloud.Commercial"/>.</summary>
    public MdeCloud Cloud { get; set; } = MdeCloud.Commercial;

    /// <summary>The directory (tenant) id of the app registration: a GUID or a verified domain such as <c>contoso.onmicrosoft.com</c>.</summary>
    public string? TenantId { get; set; }

    /// <summary>The application (client) id of the app registration, a GUID.</summary>
    public string? ClientId { get; set; }

    /// <summary>A client secret of the app registration.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The app registration's certificate, with its private key. The caller keeps ownership of it.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>The path of a PFX (PKCS #12) or PEM file holding the app registration's certificate and its private key.</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The password of the file at <see cref="ClientCertificatePath"/>, if it has one.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>
    /// Use this managed identity instead of an app registration: <see cref="ManagedIdentityId.SystemAssigned"/> or
    /// a user-assigned one (<see cref="ManagedIdentityId.WithUserAssignedClientId"/>). Leave <see cref="TenantId"/>,
    /// <see cref="ClientId"/> and the other credentials unset.
    /// </summary>
    public ManagedIdentityId? ManagedIdentity { get; set; }

    /// <summary>
    /// Call the emulator running at this loopback API address (such as <c>http://127.0.0.1:5080/</c>) instead of a
    /// tenant: tokens come from its token endpoint for its demo app, and calls go to this address. Leave the tenant,
    /// client and credentials unset. Only loopback addresses are accepted.
    /// </summary>
    public Uri? EmulatorUrl { get; set; }

    /// <summary>
    /// The resource tokens are requested for, without <c>/.default</c>; <see langword="null"/> (the default) takes
    /// the cloud's <see cref="MdeCloud.Audience"/>.
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The scope app tokens are requested with, such as
    /// <c>https://securitycenter.onmicrosoft.us/windowsatpservice/.default</c>; <see langword="null"/> (the default)
    /// takes the cloud's <see cref="MdeCloud.Scope"/>. App tokens (client credentials, managed identity) are issued
    /// for a whole resource, so the scope must end with <c>/.default</c>. Set this or <see cref="Audience"/>, not both.
    /// </summary>
    public string? Scope { get; set; }

    /// <summary>
    /// The API root calls go to, such as <c>https://api-gov.securitycenter.microsoft.us</c>; <see langword="null"/>
    /// (the default) takes the cloud's <see cref="MdeCloud.ApiBaseAddress"/>. An absolute https URL (http only for a
    /// loopback host). Ignored with <see cref="EmulatorUrl"/>, which is the API address itself.
    /// </summary>
    public Uri? ApiBaseAddress { get; set; }

    /// <summary>
    /// Called once, when a token source is built from these settings for an app registration (secret or certificate),
    /// with the MSAL application's token cache (<c>IConfidentialClientApplication.AppTokenCache</c>, where client
    /// credential tokens live): register its serialization there (<see cref="ITokenCache.SetBeforeAccess"/> and
    /// <see cref="ITokenCache.SetAfterAccess"/>, or a cache helper) to keep tokens across processes. <see langword="null"/>
    /// (the default) keeps them in memory, for the life of the token source. Not called for a
    /// <see cref="ManagedIdentity"/> (MSAL keeps no public cache for it) or the emulator.
    /// </summary>
    /// <example>
    /// <code>
    /// options.ConfigureTokenCache = cache =>
    /// {
    ///     cache.SetBeforeAccess(args => args.TokenCache.DeserializeMsalV3(File.Exists(path) ? File.ReadAllBytes(path) : null));
    ///     cache.SetAfterAccess(args =>
    ///     {
    ///         if (args.HasStateChanged)
    ///         {
    ///             File.WriteAllBytes(path, args.TokenCache.SerializeMsalV3()); // protect this file: it holds access tokens
    ///         }
    ///     });
    /// };
    /// </code>
    /// </example>
    public Action<ITokenCache>? ConfigureTokenCache { get; set; }

    /// <summary>The suffix of a scope that asks for every permission granted on a resource.</summary>
    internal const string DefaultScopeSuffix = "/.default";

    /// <summary>
    /// The audience tokens are requested for: <see cref="Scope"/> without <c>/.default</c> if set, else
    /// <see cref="Audience"/> if set, otherwise the cloud's.
    /// </summary>
    public string GetAudience() =>
        Scope is { } scope && scope.Trim().EndsWith(DefaultScopeSuffix, StringComparison.Ordinal)
            ? scope.Trim()[..^DefaultScopeSuffix.Length]
            : Audience ?? Cloud.Audience;

    /// <summary>The scope tokens are requested with: the audience (<see cref="GetAudience"/>) followed by <c>/.default</c>.</summary>
    public string GetScope() => GetAudience().TrimEnd('/') + DefaultScopeSuffix;

    /// <summary>
    /// The API root calls go to: the emulator's (<see cref="EmulatorUrl"/>) when set, else
    /// <see cref="ApiBaseAddress"/> when set, otherwise the cloud's.
    /// </summary>
    public Uri GetApiBaseAddress() =>
        EmulatorUrl is { } emulator ? EmulatorAddress.AsRoot(emulator) : ApiBaseAddress ?? Cloud.ApiBaseAddress;

    /// <summary>Checks that the settings are complete and consistent.</summary>
    /// <exception cref="MdeAuthConfigurationException">A setting is missing, malformed or contradicts another; the message names each one.</exception>
    public void Validate() => Validate(s_propertyNames);

    /// <summary>
    /// Creates the token source these settings name: the emulator's demo app when <see cref="EmulatorUrl"/> is set, the
    /// <see cref="ManagedIdentity"/> when set, otherwise the app registration, through one MSAL application. Create one
    /// per set of settings and keep it: its token cache lives in it (<see cref="ConfigureTokenCache"/> persists it).
    /// <c>AddLiveResponseClient</c> and every <c>Add{Name}Api</c> call this for <c>MdeApiOptions.Credentials</c>; call it
    /// yourself only to build a pipeline by hand.
    /// </summary>
    /// <param name="httpClientFactory">The HTTP client MSAL uses (a proxy, or a test double); <see langword="null"/> for MSAL's own.</param>
    /// <exception cref="MdeAuthConfigurationException">The settings are incomplete or contradictory, or the certificate file cannot be read.</exception>
    public IAccessTokenSource CreateTokenSource(IMsalHttpClientFactory? httpClientFactory = null)
    {
        Validate();
        if (EmulatorUrl is { } emulator)
        {
            return EmulatorTokenSource.ForDemoApp(emulator);
        }

        return ManagedIdentity is { } identity
            ? new MsalManagedIdentityTokenSource(identity, httpClientFactory)
            : new MsalConfidentialClientTokenSource(this, httpClientFactory);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string credential = GetCredentialKind() switch
        {
            MdeCredentialKind.ManagedIdentity => "managed identity",
            MdeCredentialKind.ClientSecret => "client secret",
            MdeCredentialKind.Certificate => $"certificate {ClientCertificate!.Thumbprint}",
            MdeCredentialKind.CertificateFile => $"certificate file {ClientCertificatePath}",
            MdeCredentialKind.Emulator => "emulator demo app",
            _ => "none",
        };
        string api = EmulatorUrl is { } emulator ? emulator.Authority : (ApiBaseAddress ?? Cloud?.ApiBaseAddress)?.Authority ?? string.Empty;
        return $"Cloud={Cloud?.Name}, Api={api}, TenantId={TenantId}, ClientId={ClientId}, Credential={credential}";
    }

    /// <summary>Which credential the settings name, or <see langword="null"/> when they name none (or several).</summary>
    internal MdeCredentialKind? GetCredentialKind()
    {
        bool secret = !string.IsNullOrEmpty(ClientSecret);
        bool certificate = ClientCertificate is not null;
        bool certificateFile = !string.IsNullOrWhiteSpace(ClientCertificatePath);
        bool managedIdentity = ManagedIdentity is not null;
        if (EmulatorUrl is not null)
        {
            return secret || certificate || certificateFile || managedIdentity ? null : MdeCredentialKind.Emulator;
        }

        return (secret, certificate, certificateFile, managedIdentity) switch
        {
            (true, false, false, false) => MdeCredentialKind.ClientSecret,
            (false, true, false, false) => MdeCredentialKind.Certificate,
            (false, false, true, false) => MdeCredentialKind.CertificateFile,
            (false, false, false, true) => MdeCredentialKind.ManagedIdentity,
            _ => null,
        };
    }

    private void Validate(SettingNames names)
    {
        var problems = new List<string>();
        if (Cloud is null)
        {
            problems.Add($"{nameof(Cloud)} is not set: use {nameof(MdeCloud)}.{nameof(MdeCloud.Commercial)}, .{nameof(MdeCloud.Gcc)}, .{nameof(MdeCloud.GccHigh)} or .{nameof(MdeCloud.DoD)}.");
        }

        if (Audience is not null)
        {
            ValidateAudience(problems);
        }

        if (Scope is not null)
        {
            ValidateScope(names, problems);
        }

        if (ApiBaseAddress is not null)
        {
            ValidateApiBaseAddress(names, problems);
        }

        if (EmulatorUrl is not null)
        {
            ValidateEmulator(names, problems);
        }
        else if (ManagedIdentity is not null)
        {
            ValidateManagedIdentity(names, problems);
        }
        else
        {
            ValidateAppRegistration(names, problems);
        }

        if (problems.Count > 0)
        {
            throw new MdeAuthConfigurationException("The authentication settings are incomplete: " + string.Join(" ", problems));
        }
    }

    private void ValidateAudience(List<string> problems)
    {
        if (!Uri.TryCreate(Audience, UriKind.Absolute, out Uri? audience))
        {
            problems.Add($"{nameof(Audience)} '{Audience}' is not an absolute URI: give the API's resource, such as {MdeCloud.Commercial.Audience}.");
        }
        else if (audience.AbsolutePath.EndsWith("/.default", StringComparison.Ordinal))
        {
            problems.Add($"{nameof(Audience)} '{Audience}' ends with /.default: give the resource alone; the scope is built from it.");
        }
    }

    private void ValidateScope(SettingNames names, List<string> problems)
    {
        string scope = Scope!.Trim();
        string example = MdeCloud.GccHigh.Scope;
        if (scope.Length == 0)
        {
            problems.Add($"{names.Scope} is blank: give the scope app tokens are requested with, such as {example}, or leave it unset for the cloud's.");
        }
        else if (!scope.EndsWith(DefaultScopeSuffix, StringComparison.Ordinal))
        {
            problems.Add($"{names.Scope} '{scope}' does not end with /.default: app tokens are issued for a whole resource, so give its identifier followed by /.default, such as {example}.");
        }
        else if (!Uri.TryCreate(scope[..^DefaultScopeSuffix.Length], UriKind.Absolute, out Uri? resource)
            || resource.Scheme is not ("https" or "api") || scope.Any(char.IsWhiteSpace))
        {
            problems.Add($"{names.Scope} '{scope}' is not a resource followed by /.default: give an https:// or api:// identifier, such as {example}.");
        }

        if (Audience is not null)
        {
            problems.Add($"{names.Scope} and {nameof(Audience)} are both set: set only one ({names.Scope} is the audience followed by /.default).");
        }
    }

    private void ValidateApiBaseAddress(SettingNames names, List<string> problems)
    {
        Uri address = ApiBaseAddress!;
        string example = MdeCloud.GccHigh.ApiBaseAddress.ToString();
        if (!address.IsAbsoluteUri)
        {
            problems.Add($"{names.ApiBaseAddress} '{address}' is not an absolute URL: give the API's root, such as {example}.");
        }
        else if (address.Scheme != Uri.UriSchemeHttps && !(address.Scheme == Uri.UriSchemeHttp && address.IsLoopback))
        {
            problems.Add($"{names.ApiBaseAddress} '{Redaction.Redact(address)}' is not https: tokens travel with every call, so give an https:// address such as {example} (http only for a loopback host).");
        }
        else if (!string.IsNullOrEmpty(address.Query) || !string.IsNullOrEmpty(address.Fragment) || !string.IsNullOrEmpty(address.UserInfo))
        {
            problems.Add($"{names.ApiBaseAddress} '{Redaction.Redact(address)}' carries a query, fragment or user info: give the API's root alone, such as {example}.");
        }

        if (EmulatorUrl is not null)
        {
            problems.Add($"{names.ApiBaseAddress} and {names.EmulatorUrl} are both set: the emulator's address is the API's; clear one of them.");
        }
    }

    private void ValidateEmulator(SettingNames names, List<string> problems)
    {
        if (EmulatorAddress.Refusal(EmulatorUrl!) is { } why)
        {
            problems.Add($"{names.EmulatorUrl} '{Redaction.Redact(EmulatorUrl)}' {why}");
        }

        if (!string.IsNullOrWhiteSpace(TenantId) || !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrEmpty(ClientSecret)
            || ClientCertificate is not null || !string.IsNullOrWhiteSpace(ClientCertificatePath) || ManagedIdentity is not null)
        {
            problems.Add($"The emulator takes no tenant or credential (it signs its demo app in): clear {names.TenantId}, {names.ClientId} and the credentials, or clear {names.EmulatorUrl} to call a tenant.");
        }
    }

    private void ValidateManagedIdentity(SettingNames names, List<string> problems)
    {
        if (!string.IsNullOrEmpty(ClientSecret) || ClientCertificate is not null || !string.IsNullOrWhiteSpace(ClientCertificatePath))
        {
            problems.Add($"A managed identity needs no secret or certificate: clear {names.ClientSecret}, {names.ClientCertificate} and {names.ClientCertificatePath}, or clear {nameof(ManagedIdentity)} to use the app registration.");
        }

        if (!string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(TenantId))
        {
            problems.Add($"A managed identity takes no {names.TenantId} or {names.ClientId}: clear them; for a user-assigned identity use {nameof(ManagedIdentityId)}.{nameof(ManagedIdentityId.WithUserAssignedClientId)}.");
        }
    }

    private void ValidateAppRegistration(SettingNames names, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(TenantId))
        {
            problems.Add($"{names.TenantId} is not set: set it to the directory (tenant) id of the app registration.");
        }
        else if (!IsTenantId(TenantId.Trim()))
        {
            problems.Add($"{names.TenantId} '{TenantId}' is not a tenant: give the directory (tenant) id GUID or a verified domain (not common, organizations or consumers: app tokens need one tenant).");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add($"{names.ClientId} is not set: set it to the application (client) id of the app registration.");
        }
        else if (!Guid.TryParse(ClientId, out _))
        {
            problems.Add($"{names.ClientId} '{ClientId}' is not a GUID: copy the application (client) id from the app registration's overview.");
        }

        int credentials = (string.IsNullOrEmpty(ClientSecret) ? 0 : 1) + (ClientCertificate is null ? 0 : 1) + (string.IsNullOrWhiteSpace(ClientCertificatePath) ? 0 : 1);
        string choices = names.ClientCertificate == names.ClientCertificatePath
            ? $"{names.ClientSecret} or {names.ClientCertificate}"
            : $"{names.ClientSecret}, {names.ClientCertificate}, {names.ClientCertificatePath} or {nameof(ManagedIdentity)}";
        if (credentials == 0)
        {
            problems.Add($"No credential is set: set {choices}.");
        }
        else if (credentials > 1)
        {
            problems.Add($"Several credentials are set: set only one of {choices}.");
        }

        if (ClientCertificate is { HasPrivateKey: false })
        {
            problems.Add($"{names.ClientCertificate} (thumbprint {ClientCertificate.Thumbprint}) has no private key: load it with its private key.");
        }

        if (!string.IsNullOrWhiteSpace(ClientCertificatePath) && !File.Exists(ClientCertificatePath))
        {
            problems.Add($"{names.ClientCertificatePath} '{ClientCertificatePath}' does not exist: give the path of a PFX or PEM file.");
        }

        if (ClientCertificatePassword is not null && string.IsNullOrWhiteSpace(ClientCertificatePath))
        {
            problems.Add($"{names.ClientCertificatePassword} is set but {names.ClientCertificatePath} is not: the password is for a certificate file.");
        }
    }

    // A GUID or a domain; "common", "organizations" and "consumers" have no dot and fail the domain pattern, as they should.
    private static bool IsTenantId(string tenant) => Guid.TryParse(tenant, out _) || DomainPattern().IsMatch(tenant);

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();

    /// <summary>What each setting is called where it came from: property names, or environment variables.</summary>
    private sealed record SettingNames(
        string TenantId, string ClientId, string ClientSecret, string ClientCertificate, string ClientCertificatePath, string ClientCertificatePassword, string EmulatorUrl, string Scope, string ApiBaseAddress);
}
