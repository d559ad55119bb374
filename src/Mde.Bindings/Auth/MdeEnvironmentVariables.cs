namespace Mde.Bindings.Auth;

/// <summary>The environment variables <see cref="MdeAuthOptions.FromEnvironment"/> reads.</summary>
internal static class MdeEnvironmentVariables
{
    /// <summary>The directory (tenant) id of the app registration: a GUID or a verified domain.</summary>
    public const string TenantId = "MDE_TENANT_ID";

    /// <summary>The application (client) id of the app registration, a GUID.</summary>
    public const string ClientId = "MDE_CLIENT_ID";

    /// <summary>A client secret of the app registration.</summary>
    public const string ClientSecret = "MDE_CLIENT_SECRET";

    /// <summary>The path of a PFX (PKCS #12) or PEM file holding the app's certificate and its private key.</summary>
    public const string ClientCertificate = "MDE_CLIENT_CERTIFICATE";

    /// <summary>The password of the certificate file, if it has one.</summary>
    public const string ClientCertificatePassword = "MDE_CLIENT_CERTIFICATE_PASSWORD";

    /// <summary>The cloud: <c>Commercial</c> (default), <c>GCC</c>, <c>GCCHigh</c> or <c>DoD</c>.</summary>
    public const string Cloud = "MDE_CLOUD";

    /// <summary>
    /// The API address of a running emulator, such as <c>http://127.0.0.1:5080/</c> (loopback only): used when no
    /// credential variable is set, with the emulator's demo app for tokens.
    /// </summary>
    public const string EmulatorUrl = "MDE_EMULATOR_URL";

    /// <summary>
    /// Overrides the cloud's token scope, such as <c>https://securitycenter.onmicrosoft.us/windowsatpservice/.default</c>;
    /// must end with <c>/.default</c>.
    /// </summary>
    public const string Scope = "MDE_SCOPE";

    /// <summary>Overrides the cloud's API root, such as <c>https://api-gov.securitycenter.microsoft.us</c> (https only).</summary>
    public const string ApiUrl = "MDE_API_URL";
}
