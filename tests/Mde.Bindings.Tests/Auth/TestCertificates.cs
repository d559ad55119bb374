using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Mde.Bindings.Tests.Auth;

/// <summary>Self-signed app certificates, and a check of the client assertion MSAL signs with them.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateSelfSigned(string subject = "CN=mde-bindings-test")
    {
        using RSA key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>
    /// Checks that <paramref name="assertion"/> is a JWT signed by <paramref name="certificate"/>'s key, issued by and
    /// for the client, addressed to the tenant's token endpoint, and returns its header and payload.
    /// </summary>
    public static (JsonElement Header, JsonElement Payload) VerifyClientAssertion(string? assertion, X509Certificate2 certificate, string clientId, string tokenEndpoint)
    {
        Assert.NotNull(assertion);
        string[] parts = assertion.Split('.');
        Assert.Equal(3, parts.Length);

        JsonElement header = JsonDocument.Parse(Base64UrlDecode(parts[0])).RootElement;
        JsonElement payload = JsonDocument.Parse(Base64UrlDecode(parts[1])).RootElement;

        RSASignaturePadding padding = header.GetProperty("alg").GetString() switch
        {
            "RS256" => RSASignaturePadding.Pkcs1,
            "PS256" => RSASignaturePadding.Pss,
            string other => throw new Xunit.Sdk.XunitException($"Unexpected JWT algorithm {other}."),
            null => throw new Xunit.Sdk.XunitException("The JWT has no algorithm."),
        };
        using RSA publicKey = certificate.GetRSAPublicKey()!;
        bool valid = publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlDecode(parts[2]), HashAlgorithmName.SHA256, padding);
        Assert.True(valid, "The client assertion's signature does not verify with the certificate's public key.");

        Assert.Equal(clientId, payload.GetProperty("iss").GetString());
        Assert.Equal(clientId, payload.GetProperty("sub").GetString());
        Assert.Equal(tokenEndpoint, payload.GetProperty("aud").GetString());
        return (header, payload);
    }

    private static byte[] Base64UrlDecode(string text)
    {
        string padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        return Convert.FromBase64String(padded);
    }
}
