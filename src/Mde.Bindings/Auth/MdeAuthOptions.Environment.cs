namespace Mde.Bindings.Auth;

public sealed partial class MdeAuthOptions
{
    private static readonly SettingNames s_environmentNames = new(
        MdeEnvironmentVariables.TenantId,
        MdeEnvironmentVariables.ClientId,
        MdeEnvironmentVariables.ClientSecret,
        MdeEnvironmentVariables.ClientCertificate,
        MdeEnvironmentVariables.ClientCertificate,
        MdeEnvironmentVariables.ClientCertificatePassword,
        MdeEnvironmentVariables.EmulatorUrl,
        MdeEnvironmentVariables.Scope,
        MdeEnvironmentVariables.ApiUrl);

    /// <summary>
    /// Reads the settings from the <see cref="MdeEnvironmentVariables"/>: <c>MDE_TENANT_ID</c>, <c>MDE_CLIENT_ID</c>,
    /// <c>MDE_CLIENT_SECRET</c> or <c>MDE_CLIENT_CERTIFICATE</c> (with <c>MDE_CLIENT_CERTIFICATE_PASSWORD</c> if the
    /// file has one), <c>MDE_CLOUD</c>, and the overrides <c>MDE_SCOPE</c> and <c>MDE_API_URL</c>; or, when none of these credentials is set, <c>MDE_EMULATOR_URL</c>, the
    /// loopback address of a running emulator (<see cref="EmulatorUrl"/>). Credentials win over an emulator address, as
    /// in <c>mde-lr</c>. Empty variables count as unset.
    /// </summary>
    /// <param name="getVariable">Reads one variable; <see langword="null"/> reads the process environment.</param>
    /// <returns>
    /// The validated settings, or <see langword="null"/> when neither a credential variable nor <c>MDE_EMULATOR_URL</c>
    /// is set. <c>MDE_CLOUD</c> alone configures no credential.
    /// </returns>
    /// <exception cref="MdeAuthConfigurationException">
    /// Some credential variables are set but not all of them, two credentials are set, a value is malformed, or
    /// <c>MDE_CLOUD</c> names no known cloud, <c>MDE_SCOPE</c> is not a scope ending in <c>/.default</c>,
    /// <c>MDE_API_URL</c> is not an absolute https URL, or <c>MDE_EMULATOR_URL</c> is not a loopback URL. The message names each
    /// variable to fix.
    /// </exception>
    public static MdeAuthOptions? FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;

        string? Read(string name, bool trim = true) =>
            getVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? (trim ? value.Trim() : value) : null;

        MdeCloud cloud = MdeCloud.Commercial;
        if (Read(MdeEnvironmentVariables.Cloud) is { } cloudName && !MdeCloud.TryParse(cloudName, out cloud!))
        {
            throw new MdeAuthConfigurationException(
                $"{MdeEnvironmentVariables.Cloud} '{cloudName}' is not a known cloud: use one of {string.Join(", ", MdeCloud.Names)} (case-insensitive), or leave it unset for Commercial.");
        }

        var options = new MdeAuthOptions
        {
            Cloud = cloud,
            TenantId = Read(MdeEnvironmentVariables.TenantId),
            ClientId = Read(MdeEnvironmentVariables.ClientId),
            ClientSecret = Read(MdeEnvironmentVariables.ClientSecret),
            ClientCertificatePath = Read(MdeEnvironmentVariables.ClientCertificate),

            // A password may begin or end with spaces: keep it as given.
            ClientCertificatePassword = Read(MdeEnvironmentVariables.ClientCertificatePassword, trim: false),
            Scope = Read(MdeEnvironmentVariables.Scope),
        };

        if (Read(MdeEnvironmentVariables.ApiUrl) is { } apiUrl)
        {
            if (!Uri.TryCreate(apiUrl, UriKind.Absolute, out Uri? api))
            {
                throw new MdeAuthConfigurationException(
                    $"{MdeEnvironmentVariables.ApiUrl} '{apiUrl}' is not an absolute URL: set it to the API's root, such as {MdeCloud.GccHigh.ApiBaseAddress}, or leave it unset for the cloud's.");
            }

            options.ApiBaseAddress = api;
        }

        if (options.TenantId is null && options.ClientId is null && options.ClientSecret is null
            && options.ClientCertificatePath is null && options.ClientCertificatePassword is null)
        {
            if (Read(MdeEnvironmentVariables.EmulatorUrl) is not { } url)
            {
                return null;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? emulator))
            {
                throw new MdeAuthConfigurationException(
                    $"{MdeEnvironmentVariables.EmulatorUrl} '{url}' is not an absolute URL: set it to the API address the emulator prints, such as http://127.0.0.1:5080/.");
            }

            options.EmulatorUrl = emulator;
        }

        options.Validate(s_environmentNames);
        return options;
    }
}
