using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mde.Bindings.Auth;

namespace Mde.Bindings.Tests.Auth;

/// <summary>Real MSAL confidential clients: certificates, clouds and authorities, against the fake identity provider.</summary>
public sealed class ConfidentialClientTests : IDisposable
{
    private const string CommercialTokenEndpoint = $"https://login.microsoftonline.com/{TestTenant.TenantId}/oauth2/v2.0/token";

    private readonly FakeIdentityProvider _identity = new();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("mde-auth-tests-");

    public void Dispose()
    {
        _identity.Dispose();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_certificate_signs_a_client_assertion_instead_of_sending_a_secret()
    {
        using X509Certificate2 certificate = TestCertificates.CreateSelfSigned();
        var source = new MsalConfidentialClientTokenSource(CertificateOptions(c => c.ClientCertificate = certificate), _identity);

        MdeAccessToken token = await source.GetTokenAsync(MdeCloud.Commercial.Audience, forceRefresh: false, CancellationToken.None);

        Assert.Equal("token-1", token.Value);
        IdentityRequest request = Assert.Single(_identity.TokenRequests);
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", request.Form["client_assertion_type"]);
        Assert.Null(request.Form["client_secret"]);
        var (header, _) = TestCertificates.VerifyClientAssertion(request.Form["client_assertion"], certificate, TestTenant.ClientId, CommercialTokenEndpoint);
        Assert.True(header.TryGetProperty("x5t#S256", out _) || header.TryGetProperty("x5t", out _), "The assertion names no certificate thumbprint.");
    }

    [Fact]
    public async Task A_password_protected_pfx_file_is_loaded_with_its_key()
    {
        using X509Certificate2 certificate = TestCertificates.CreateSelfSigned();
        string path = Path.Combine(_folder.FullName, "app.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "pfx password"));

        await AssertSignsWith(certificate, CertificateOptions(o => (o.ClientCertificatePath, o.ClientCertificatePassword) = (path, "pfx password")));
    }

    [Fact]
    public async Task A_pem_file_with_the_certificate_and_its_key_is_loaded()
    {
        using X509Certificate2 certificate = TestCertificates.CreateSelfSigned();
        using RSA key = certificate.GetRSAPrivateKey()!;
        string path = Path.Combine(_folder.FullName, "app.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());

        await AssertSignsWith(certificate, CertificateOptions(o => o.ClientCertificatePath = path));
    }

    [Fact]
    public async Task A_pem_file_with_an_encrypted_key_is_loaded_with_the_password()
    {
        using X509Certificate2 certificate = TestCertificates.CreateSelfSigned();
        using RSA key = certificate.GetRSAPrivateKey()!;
        string path = Path.Combine(_folder.FullName, "app-encrypted.pem");
        var pbe = new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000);
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportEncryptedPkcs8PrivateKeyPem("pem password", pbe));

        await AssertSignsWith(certificate, CertificateOptions(o => (o.ClientCertificatePath, o.ClientCertificatePassword) = (path, "pem password")));
    }

    [Fact]
    public void A_wrong_pfx_password_is_a_configuration_error_without_the_password()
    {
        using X509Certificate2 certificate = TestCertificates.CreateSelfSigned();
        string path = Path.Combine(_folder.FullName, "app.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "right password"));

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(
            () => new MsalConfidentialClientTokenSource(CertificateOptions(o => (o.ClientCertificatePath, o.ClientCertificatePassword) = (path, "wrong password")), _identity));

        Assert.Contains(path, error.Message);
        Assert.Contains("password", error.Message);
        Assert.DoesNotContain("wrong password", error.Message);
    }

    [Fact]
    public void A_pem_file_without_a_private_key_is_refused()
    {
        using X509Certificate2 certificate = TestCertificates.CreateSelfSigned();
        string path = Path.Combine(_folder.FullName, "public-only.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(
            () => new MsalConfidentialClientTokenSource(CertificateOptions(o => o.ClientCertificatePath = path), _identity));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused()
    {
        using X509Certificate2 withKey = TestCertificates.CreateSelfSigned();
#if NET9_0_OR_GREATER
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(withKey.RawData);
#else
        using var publicOnly = new X509Certificate2(withKey.RawData);
#endif

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(
            () => new MsalConfidentialClientTokenSource(CertificateOptions(o => o.ClientCertificate = publicOnly), _identity));

        Assert.Contains("private key", error.Message);
    }

    // Hosts: MicrosoftDocs/defender-docs, defender-endpoint/gov.md ("API"). Scopes: demisto/content,
    // Packs/ApiModules/Scripts/MicrosoftApiModule/MicrosoftApiModule.py (gcc moved to .com in demisto/content PR 34360).
    public static TheoryData<string, string, string, string> GovernmentClouds => new()
    {
        { "GCC", "login.microsoftonline.com", "api-gcc.securitycenter.microsoft.us", "https://securitycenter.onmicrosoft.com/windowsatpservice/.default" },
        { "GCCHigh", "login.microsoftonline.us", "api-gov.securitycenter.microsoft.us", "https://securitycenter.onmicrosoft.us/windowsatpservice/.default" },
        { "DoD", "login.microsoftonline.us", "api-gov.securitycenter.microsoft.us", "https://securitycenter.onmicrosoft.us/windowsatpservice/.default" },
    };

    [Theory]
    [MemberData(nameof(GovernmentClouds))]
    public async Task A_government_cloud_signs_in_at_its_authority_and_authorizes_its_own_api_host(string cloudName, string signInHost, string apiHost, string scope)
    {
        MdeAuthOptions options = TestTenant.SecretOptions(MdeCloud.Parse(cloudName));
        var api = new RecordingApi();
        using var client = new HttpClient(new BearerTokenHandler(options.CreateTokenSource(_identity), options) { InnerHandler = api })
        {
            BaseAddress = options.Cloud.ApiBaseAddress,
        };

        using HttpResponseMessage response = await client.GetAsync("/api/machineactions/1");
        using HttpResponseMessage commercial = await client.GetAsync("https://api.security.microsoft.com/api/machineactions/1");

        IdentityRequest tokenRequest = Assert.Single(_identity.TokenRequests);
        Assert.Equal($"https://{signInHost}/{TestTenant.TenantId}/oauth2/v2.0/token", tokenRequest.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(scope, tokenRequest.Form["scope"]);
        Assert.All(_identity.Requests, r => Assert.Equal(signInHost, r.Uri.Host));

        Assert.Equal($"https://{apiHost}/api/machineactions/1", api.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("Bearer token-1", api.Requests[0].Authorization);
        Assert.Null(api.Requests[1].Authorization);
    }

    [Fact]
    public async Task A_regional_host_gets_the_commercial_audience()
    {
        MdeAuthOptions options = TestTenant.SecretOptions(MdeCloud.CommercialRegion("eu"));
        var api = new RecordingApi();
        using var client = new HttpClient(new BearerTokenHandler(options.CreateTokenSource(_identity), options) { InnerHandler = api });

        using HttpResponseMessage response = await client.GetAsync("https://eu.api.security.microsoft.com/api/machineactions/1");

        Assert.Equal("Bearer token-1", Assert.Single(api.Requests).Authorization);
        Assert.Equal("https://api.securitycenter.microsoft.com/.default", Assert.Single(_identity.TokenRequests).Form["scope"]);
    }

    [Fact]
    public async Task An_audience_override_becomes_the_scope()
    {
        MdeAuthOptions options = TestTenant.SecretOptions(MdeCloud.GccHigh);
        options.Audience = "https://securitycenter.onmicrosoft.com/windowsatpservice/";
        var api = new RecordingApi();
        using var client = new HttpClient(new BearerTokenHandler(options.CreateTokenSource(_identity), options) { InnerHandler = api });

        using HttpResponseMessage response = await client.GetAsync("https://api-gov.securitycenter.microsoft.us/api/machineactions/1");

        Assert.Equal("https://securitycenter.onmicrosoft.com/windowsatpservice/.default", Assert.Single(_identity.TokenRequests).Form["scope"]);
    }

    [Fact]
    public async Task A_scope_and_api_override_replace_the_clouds()
    {
        MdeAuthOptions options = TestTenant.SecretOptions(MdeCloud.GccHigh);
        options.Scope = "https://api-gov.securitycenter.microsoft.us/.default";
        options.ApiBaseAddress = new Uri("https://api-gov.security.microsoft.us");
        options.Validate();
        var api = new RecordingApi();
        using var client = new HttpClient(new BearerTokenHandler(options.CreateTokenSource(_identity), options) { InnerHandler = api })
        {
            BaseAddress = options.GetApiBaseAddress(),
        };

        using HttpResponseMessage response = await client.GetAsync("/api/machineactions/1");
        using HttpResponseMessage cloudHost = await client.GetAsync("https://api-gov.securitycenter.microsoft.us/api/machineactions/1");

        IdentityRequest tokenRequest = Assert.Single(_identity.TokenRequests);
        Assert.Equal("https://api-gov.securitycenter.microsoft.us/.default", tokenRequest.Form["scope"]);
        Assert.Equal("login.microsoftonline.us", tokenRequest.Uri.Host);
        Assert.Equal("https://api-gov.security.microsoft.us/api/machineactions/1", api.Requests[0].Uri.AbsoluteUri);
        Assert.Equal("Bearer token-1", api.Requests[0].Authorization);
        Assert.Null(api.Requests[1].Authorization);
    }

    [Fact]
    public void Managed_identity_settings_are_refused_by_the_confidential_client()
    {
        var options = new MdeAuthOptions { ManagedIdentity = Microsoft.Identity.Client.AppConfig.ManagedIdentityId.SystemAssigned };

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(() => new MsalConfidentialClientTokenSource(options, _identity));

        Assert.Contains(nameof(MsalManagedIdentityTokenSource), error.Message);
    }

    private static MdeAuthOptions CertificateOptions(Action<MdeAuthOptions> setCredential)
    {
        var options = new MdeAuthOptions { TenantId = TestTenant.TenantId, ClientId = TestTenant.ClientId };
        setCredential(options);
        return options;
    }

    private async Task AssertSignsWith(X509Certificate2 certificate, MdeAuthOptions options)
    {
        var source = new MsalConfidentialClientTokenSource(options, _identity);

        MdeAccessToken token = await source.GetTokenAsync(MdeCloud.Commercial.Audience, forceRefresh: false, CancellationToken.None);

        Assert.Equal("token-1", token.Value);
        IdentityRequest request = Assert.Single(_identity.TokenRequests);
        TestCertificates.VerifyClientAssertion(request.Form["client_assertion"], certificate, TestTenant.ClientId, CommercialTokenEndpoint);
    }
}
