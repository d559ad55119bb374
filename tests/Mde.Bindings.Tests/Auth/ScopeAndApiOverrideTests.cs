using Mde.Bindings.Auth;

namespace Mde.Bindings.Tests.Auth;

/// <summary>
/// <see cref="MdeAuthOptions.Scope"/> and <see cref="MdeAuthOptions.ApiBaseAddress"/>, from code and from
/// <c>MDE_SCOPE</c> / <c>MDE_API_URL</c>: a tenant whose cloud answers on other values than the defaults can say so.
/// </summary>
public sealed class ScopeAndApiOverrideTests
{
    private static MdeAuthOptions? FromEnvironment(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(v => v.Name, v => v.Value);
        return MdeAuthOptions.FromEnvironment(name => values.GetValueOrDefault(name));
    }

    private static MdeAuthOptions? TenantFromEnvironment(params (string Name, string Value)[] more) => FromEnvironment(
        [("MDE_TENANT_ID", TestTenant.TenantId), ("MDE_CLIENT_ID", TestTenant.ClientId), ("MDE_CLIENT_SECRET", TestTenant.Secret), .. more]);

    [Fact]
    public void Without_overrides_the_cloud_gives_scope_and_api()
    {
        MdeAuthOptions options = TestTenant.SecretOptions(MdeCloud.Gcc);

        Assert.Equal(MdeCloud.Gcc.Scope, options.GetScope());
        Assert.Equal(MdeCloud.Gcc.ApiBaseAddress, options.GetApiBaseAddress());
    }

    [Fact]
    public void The_variables_override_the_clouds_scope_and_api()
    {
        MdeAuthOptions options = TenantFromEnvironment(
            ("MDE_CLOUD", "GCC"),
            ("MDE_SCOPE", " https://api-gcc.securitycenter.microsoft.us/.default "),
            ("MDE_API_URL", "https://api-gcc.securitycenter.microsoft.us/"))!;

        Assert.Same(MdeCloud.Gcc, options.Cloud);
        Assert.Equal("https://api-gcc.securitycenter.microsoft.us", options.GetAudience());
        Assert.Equal("https://api-gcc.securitycenter.microsoft.us/.default", options.GetScope());
        Assert.Equal(new Uri("https://api-gcc.securitycenter.microsoft.us/"), options.GetApiBaseAddress());
        Assert.Contains("api-gcc.securitycenter.microsoft.us", options.ToString());
    }

    [Fact]
    public void An_api_override_on_loopback_may_use_http()
    {
        var options = TestTenant.SecretOptions();
        options.ApiBaseAddress = new Uri("http://127.0.0.1:8443/");

        options.Validate();

        Assert.Equal(new Uri("http://127.0.0.1:8443/"), options.GetApiBaseAddress());
    }

    [Theory]
    [InlineData("https://securitycenter.onmicrosoft.us/windowsatpservice", "MDE_SCOPE 'https://securitycenter.onmicrosoft.us/windowsatpservice' does not end with /.default")]
    [InlineData("Machine.LiveResponse", "does not end with /.default")]
    [InlineData("/.default", "is not a resource followed by /.default")]
    [InlineData("securitycenter.onmicrosoft.us/.default", "is not a resource followed by /.default")]
    [InlineData("http://securitycenter.onmicrosoft.us/.default", "is not a resource followed by /.default")]
    [InlineData("https://securitycenter onmicrosoft.us/.default", "is not a resource followed by /.default")]
    public void A_bad_scope_variable_is_named_with_the_fix(string scope, string expected)
    {
        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(() => TenantFromEnvironment(("MDE_SCOPE", scope)));

        Assert.Contains(expected, error.Message);
        Assert.Contains("MDE_SCOPE", error.Message);
        Assert.DoesNotContain(TestTenant.Secret, error.Message);
    }

    [Theory]
    [InlineData("api-gov.securitycenter.microsoft.us", "MDE_API_URL 'api-gov.securitycenter.microsoft.us' is not an absolute URL")]
    [InlineData("http://api-gov.securitycenter.microsoft.us", "MDE_API_URL 'http://api-gov.securitycenter.microsoft.us/' is not https")]
    [InlineData("ftp://api-gov.securitycenter.microsoft.us", "is not https")]
    [InlineData("https://api-gov.securitycenter.microsoft.us/?x=1", "carries a query")]
    public void A_bad_api_variable_is_named_with_the_fix(string url, string expected)
    {
        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(() => TenantFromEnvironment(("MDE_API_URL", url)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_blank_scope_set_from_code_is_refused_with_the_property_name()
    {
        MdeAuthOptions options = TestTenant.SecretOptions();
        options.Scope = "  ";

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(options.Validate);

        Assert.Contains("Scope is blank", error.Message);
    }

    [Fact]
    public void Scope_and_audience_together_are_refused()
    {
        MdeAuthOptions options = TestTenant.SecretOptions();
        options.Scope = MdeCloud.Gcc.Scope;
        options.Audience = MdeCloud.Commercial.Audience;

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(options.Validate);

        Assert.Contains("Scope and Audience are both set", error.Message);
    }

    [Fact]
    public void An_api_override_with_the_emulator_is_refused()
    {
        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(() => FromEnvironment(
            ("MDE_EMULATOR_URL", "http://127.0.0.1:5080/"),
            ("MDE_API_URL", "https://api.security.microsoft.com")));

        Assert.Contains("MDE_API_URL and MDE_EMULATOR_URL are both set", error.Message);
    }

    [Fact]
    public void Overrides_alone_configure_no_credential()
    {
        Assert.Null(FromEnvironment(("MDE_SCOPE", MdeCloud.GccHigh.Scope), ("MDE_API_URL", "https://api-gov.securitycenter.microsoft.us")));
    }
}
