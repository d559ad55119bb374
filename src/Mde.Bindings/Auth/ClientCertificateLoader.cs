using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mde.Bindings.Auth;

/// <summary>Loads an app registration's certificate, with its private key, from a PFX (PKCS #12) or PEM file.</summary>
internal static class ClientCertificateLoader
{
    public static X509Certificate2 Load(string path, string? password)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(path) ? LoadPem(path, password) : LoadPkcs12(path, password);
        }
        catch (CryptographicException ex)
        {
            throw new MdeAuthConfigurationException(
                $"The certificate file '{path}' could not be read ({ex.Message.TrimEnd('.')}): it must be a PFX or PEM file holding the certificate and its private key, and the password ({MdeEnvironmentVariables.ClientCertificatePassword} or ClientCertificatePassword) must be the file's.",
                ex);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new MdeAuthConfigurationException(
                $"The certificate file '{path}' holds no private key: export the certificate with its private key (PFX), or put the key in the PEM file after the certificate.");
        }

        return certificate;
    }

    private static bool IsPem(string path)
    {
        // PEM is text with "-----BEGIN" markers; PKCS #12 is binary DER and never contains them near the start.
        using FileStream stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[1024];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return head[..read].IndexOf("-----BEGIN "u8) >= 0;
    }

    private static X509Certificate2 LoadPem(string path, string? password) =>
        password is null
            ? X509Certificate2.CreateFromPemFile(path)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password);

    private static X509Certificate2 LoadPkcs12(string path, string? password)
    {
        // The key stays in memory only; macOS has no ephemeral key sets.
        X509KeyStorageFlags flags = OperatingSystem.IsMacOS() ? X509KeyStorageFlags.DefaultKeySet : X509KeyStorageFlags.EphemeralKeySet;
#if NET9_0_OR_GREATER
        return X509CertificateLoader.LoadPkcs12FromFile(path, password, flags);
#else
        return new X509Certificate2(path, password, flags);
#endif
    }
}
