namespace Mde.Bindings.Auth;

/// <summary>
/// The authentication settings are missing, incomplete or contradictory (for example a tenant id without a client
/// id, or both a secret and a certificate). The message names the setting or environment variable to fix; it never
/// holds a secret or a password.
/// </summary>
public sealed class MdeAuthConfigurationException : Exception
{
    /// <summary>Creates the exception with a message that names the setting to fix.</summary>
    public MdeAuthConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public MdeAuthConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
