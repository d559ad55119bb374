namespace Mde.Bindings.Auth;

/// <summary>
/// A call was about to go to the API with no way to authenticate: no credentials, no token source, no emulator
/// address, neither in the options nor in the environment. Thrown before anything is sent; the message lists the
/// settings that would make the call work.
/// </summary>
public sealed class MdeCredentialsMissingException : Exception
{
    /// <summary>The message every missing-credentials error carries: the environment variables and options that authenticate a call.</summary>
    internal static readonly string DefaultMessage =
        "No credentials are configured, so the call was not sent (the API would answer 401 Unauthorized). "
        + $"For a tenant, set {MdeEnvironmentVariables.TenantId}, {MdeEnvironmentVariables.ClientId}, and {MdeEnvironmentVariables.ClientSecret} or {MdeEnvironmentVariables.ClientCertificate} "
        + $"(optional {MdeEnvironmentVariables.Cloud}), or set MdeApiOptions.Credentials or MdeApiOptions.TokenSource; "
        + $"for the emulator, set {MdeEnvironmentVariables.EmulatorUrl} to the API address it prints (such as http://127.0.0.1:5080/). "
        + "To send calls without a token on purpose, set MdeApiOptions.AllowUnauthenticated.";

    /// <summary>Creates the exception with the message that lists the settings.</summary>
    public MdeCredentialsMissingException()
        : base(DefaultMessage)
    {
    }

    /// <summary>Creates the exception with a message of your own.</summary>
    public MdeCredentialsMissingException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public MdeCredentialsMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
