namespace Mde.Bindings.Auth;

/// <summary>The credential a set of <see cref="MdeAuthOptions"/> names.</summary>
internal enum MdeCredentialKind
{
    ClientSecret,
    Certificate,
    CertificateFile,
    ManagedIdentity,

    /// <summary>The loopback emulator's demo app.</summary>
    Emulator,
}
