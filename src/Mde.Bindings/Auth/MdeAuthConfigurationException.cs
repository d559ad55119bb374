namespace Mde.Bindings.Auth;

/// <summary>
/// The authentication settings are missing, incomplete or contradictory (for example a tenant id without a client
/// id, or both a secret and a certificate), or a call was about to go out with no credentials at all (then nothing is
/// sent). The message names the setting or environment variable to fix; it never holds a secret or a password.
/// Internal: callers catch it as the <see cref="MdeAuthenticationException"/> it is, since either way no token came.
/// </summary>
internal sealed class MdeAuthConfigurationException : MdeAuthenticationException
{
    /// <summary>The message of a call that had no way to authenticate: the environment variables and options that would authenticate it.</summary>
    internal static readonly string NoCredentialsMessage =
        "No credentials are configured, so the call was not sent (the API would answer 401 Unauthorized). "
        + $"For a tenant, set {MdeEnvironmentVariables.TenantId}, {MdeEnvironmentVariables.ClientId}, and {MdeEnvironmentVariables.ClientSecret} or {MdeEnvironmentVariables.ClientCertificate} "
        + $"(optional {MdeEnvironmentVariables.Cloud}), or set MdeApiOptions.Credentials or MdeApiOptions.TokenSource; "
        + $"for the emulator, set {MdeEnvironmentVariables.EmulatorUrl} to the API address it prints (such as http://127.0.0.1:5080/). "
        + "To send calls without a token on purpose, set MdeApiOptions.AllowUnauthenticated.";

    /// <summary>Creates the exception with a message that names the setting to fix.</summary>
    public MdeAuthConfigurationException(string message)
        : base(message, null, null)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public MdeAuthConfigurationException(string message, Exception innerException)
        : base(message, null, innerException)
    {
    }
}
