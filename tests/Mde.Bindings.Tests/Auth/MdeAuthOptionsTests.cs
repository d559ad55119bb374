using System.Security.Cryptography.X509Certificates;
using Mde.Bindings.Auth;
using Microsoft.Identity.Client.AppConfig;

namespace Mde.Bindings.Tests.Auth;

/// <summary>Settings from code and from the environment (read through a dictionary, never the process's own).</summary>
public sealed class MdeAuthOptionsTests
{
    private static MdeAuthOptions? FromEnvironment(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(v => v.Name, v => v.Value);
        return MdeAuthOptions.FromEnvironment(name => values.GetValueOrDefault(name));
    }

    [Fact]
    public void No_credential_variables_means_no_settings()
    {
        Assert.Null(FromEnvironment());
        Assert.Null(FromEnvironment(("MDE_CLOUD", "GCCHigh")));
        Assert.Null(FromEnvironment(("MDE_TENANT_ID", "  "), ("MDE_CLIENT_SECRET", "")));
    }

    [Fact]
    public void A_tenant_client_and_secret_give_commercial_settings()
    {
        MdeAuthOptions options = FromEnvironment(
            ("MDE_TENANT_ID", $" {TestTenant.TenantId} "),
            ("MDE_CLIENT_ID", TestTenant.ClientId),
            ("MDE_CLIENT_SECRET", TestTenant.Secret))!;

        Assert.Same(MdeCloud.Commercial, options.Cloud);
        Assert.Equal(TestTenant.TenantId, options.TenantId);
        Assert.Equal(TestTenant.ClientId, options.ClientId);
        Assert.Equal(TestTenant.Secret, options.ClientSecret);
        Assert.Null(options.ClientCertificatePath);
        Assert.Equal("https://api.securitycenter.microsoft.com", options.GetAudience());
    }

    [Fact]
    public void The_cloud_variable_picks_the_cloud()
    {
        MdeAuthOptions options = FromEnvironment(
            ("MDE_TENANT_ID", TestTenant.TenantId),
            ("MDE_CLIENT_ID", TestTenant.ClientId),
            ("MDE_CLIENT_SECRET", TestTenant.Secret),
            ("MDE_CLOUD", "gcchigh"))!;

        // Scope: demisto/content MicrosoftApiModule.py (gcc-high); API host: defender-docs defender-endpoint/gov.md.
        Assert.Same(MdeCloud.GccHigh, options.Cloud);
        Assert.Equal("https://securitycenter.onmicrosoft.us/windowsatpservice/.default", options.GetScope());
        Assert.Equal(new Uri("https://api-gov.securitycenter.microsoft.us/"), options.GetApiBaseAddress());
    }

    [Fact]
    public void A_certificate_file_and_its_password_are_read_as_given()
    {
        string path = Path.GetTempFileName();
        try
        {
            MdeAuthOptions options = FromEnvironment(
                ("MDE_TENANT_ID", "contoso.onmicrosoft.com"),
                ("MDE_CLIENT_ID", TestTenant.ClientId),
                ("MDE_CLIENT_CERTIFICATE", path),
                ("MDE_CLIENT_CERTIFICATE_PASSWORD", " pass word "))!;

            Assert.Equal(path, options.ClientCertificatePath);
            Assert.Equal(" pass word ", options.ClientCertificatePassword);
            Assert.Null(options.ClientSecret);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_tenant_alone_names_the_missing_client_id_and_credential()
    {
        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(
            () => FromEnvironment(("MDE_TENANT_ID", TestTenant.TenantId)));

        Assert.Contains("MDE_CLIENT_ID is not set", error.Message);
        Assert.Contains("MDE_CLIENT_SECRET or MDE_CLIENT_CERTIFICATE", error.Message);
        Assert.DoesNotContain("MDE_TENANT_ID", error.Message);
    }

    [Fact]
    public void A_secret_alone_names_the_tenant_and_client_id_without_showing_the_secret()
    {
        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(
            () => FromEnvironment(("MDE_CLIENT_SECRET", TestTenant.Secret)));

        Assert.Contains("MDE_TENANT_ID is not set", error.Message);
        Assert.Contains("MDE_CLIENT_ID is not set", error.Message);
        Assert.DoesNotContain(TestTenant.Secret, error.Message);
    }

    [Fact]
    public void Both_a_secret_and_a_certificate_are_refused()
    {
        string path = Path.GetTempFileName();
        try
        {
            MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(() => FromEnvironment(
                ("MDE_TENANT_ID", TestTenant.TenantId),
                ("MDE_CLIENT_ID", TestTenant.ClientId),
                ("MDE_CLIENT_SECRET", TestTenant.Secret),
                ("MDE_CLIENT_CERTIFICATE", path)));

            Assert.Contains("only one of MDE_CLIENT_SECRET or MDE_CLIENT_CERTIFICATE", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_certificate_file_is_named()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"), "app.pfx");

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(() => FromEnvironment(
            ("MDE_TENANT_ID", TestTenant.TenantId),
            ("MDE_CLIENT_ID", TestTenant.ClientId),
            ("MDE_CLIENT_CERTIFICATE", path)));

        Assert.Contains($"MDE_CLIENT_CERTIFICATE '{path}' does not exist", error.Message);
    }

    [Fact]
    public void A_password_without_a_certificate_is_refused_without_showing_the_password()
    {
        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(() => FromEnvironment(
            ("MDE_TENANT_ID", TestTenant.TenantId),
            ("MDE_CLIENT_ID", TestTenant.ClientId),
            ("MDE_CLIENT_SECRET", TestTenant.Secret),
            ("MDE_CLIENT_CERTIFICATE_PASSWORD", "hunter2")));

        Assert.Contains("MDE_CLIENT_CERTIFICATE_PASSWORD is set but MDE_CLIENT_CERTIFICATE is not", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("MDE_CLIENT_ID", "my-app", "MDE_CLIENT_ID 'my-app' is not a GUID")]
    [InlineData("MDE_TENANT_ID", "common", "MDE_TENANT_ID 'common' is not a tenant")]
    [InlineData("MDE_TENANT_ID", "https://login.microsoftonline.com/contoso", "is not a tenant")]
    public void A_malformed_id_is_named(string variable, string value, string expected)
    {
        var variables = new Dictionary<string, string>
        {
            ["MDE_TENANT_ID"] = TestTenant.TenantId,
            ["MDE_CLIENT_ID"] = TestTenant.ClientId,
            ["MDE_CLIENT_SECRET"] = TestTenant.Secret,
            [variable] = value,
        };

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(
            () => MdeAuthOptions.FromEnvironment(name => variables.GetValueOrDefault(name)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_unknown_cloud_lists_the_valid_ones()
    {
        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(() => FromEnvironment(
            ("MDE_TENANT_ID", TestTenant.TenantId),
            ("MDE_CLIENT_ID", TestTenant.ClientId),
            ("MDE_CLIENT_SECRET", TestTenant.Secret),
            ("MDE_CLOUD", "Azure China")));

        Assert.Contains("MDE_CLOUD 'Azure China'", error.Message);
        Assert.Contains("Commercial, GCC, GCCHigh, DoD", error.Message);
    }

    [Fact]
    public void Settings_from_code_name_the_properties()
    {
        var options = new MdeAuthOptions { TenantId = TestTenant.TenantId };

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(options.Validate);

        Assert.Contains("ClientId is not set", error.Message);
        Assert.Contains("ClientSecret, ClientCertificate, ClientCertificatePath or ManagedIdentity", error.Message);
    }

    [Fact]
    public void A_managed_identity_takes_no_app_registration_settings()
    {
        new MdeAuthOptions { ManagedIdentity = ManagedIdentityId.SystemAssigned }.Validate();

        var options = new MdeAuthOptions { ManagedIdentity = ManagedIdentityId.SystemAssigned, ClientId = TestTenant.ClientId, ClientSecret = TestTenant.Secret };
        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(options.Validate);

        Assert.Contains("needs no secret or certificate", error.Message);
        Assert.Contains("WithUserAssignedClientId", error.Message);
        Assert.DoesNotContain(TestTenant.Secret, error.Message);
    }

    [Theory]
    [InlineData("https://api.securitycenter.microsoft.com/.default", "ends with /.default")]
    [InlineData("api.securitycenter.microsoft.com", "is not an absolute URI")]
    public void A_malformed_audience_is_refused(string audience, string expected)
    {
        MdeAuthOptions options = TestTenant.SecretOptions();
        options.Audience = audience;

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(options.Validate);

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ToString_describes_the_settings_without_secrets()
    {
        MdeAuthOptions options = TestTenant.SecretOptions(MdeCloud.Gcc);
        options.ClientCertificatePassword = "hunter2";

        string text = options.ToString();

        Assert.Contains("GCC", text);
        Assert.Contains(TestTenant.TenantId, text);
        Assert.Contains("client secret", text);
        Assert.DoesNotContain(TestTenant.Secret, text);
        Assert.DoesNotContain("hunter2", text);
    }

    [Fact]
    public void A_certificate_is_described_by_its_thumbprint()
    {
        using X509Certificate2 certificate = TestCertificates.CreateSelfSigned();
        var options = new MdeAuthOptions { TenantId = TestTenant.TenantId, ClientId = TestTenant.ClientId, ClientCertificate = certificate };

        options.Validate();

        Assert.Contains(certificate.Thumbprint, options.ToString());
    }
}
