using Mde.Bindings.Auth;

namespace Mde.Bindings.Tests.Auth;

/// <summary>MDE_EMULATOR_URL in the settings: read as mde-lr reads it, loopback only, never mixed with a tenant's credentials.</summary>
public sealed class EmulatorSettingsTests
{
    private static MdeAuthOptions? FromEnvironment(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(v => v.Name, v => v.Value);
        return MdeAuthOptions.FromEnvironment(name => values.GetValueOrDefault(name));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/", "http://127.0.0.1:5080/")]
    [InlineData(" http://localhost:5080 ", "http://localhost:5080/")]
    [InlineData("http://[::1]:5080/", "http://[::1]:5080/")]
    public void The_emulator_url_alone_gives_emulator_settings(string variable, string apiRoot)
    {
        MdeAuthOptions options = FromEnvironment(("MDE_EMULATOR_URL", variable))!;

        Assert.NotNull(options.EmulatorUrl);
        Assert.Equal(new Uri(apiRoot), options.GetApiBaseAddress());
        Assert.Equal("https://api.securitycenter.microsoft.com", options.GetAudience());
        Assert.Null(options.TenantId);
        Assert.Contains("Credential=emulator demo app", options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_win_over_the_emulator_url_as_in_the_tool()
    {
        MdeAuthOptions options = FromEnvironment(
            ("MDE_TENANT_ID", TestTenant.TenantId),
            ("MDE_CLIENT_ID", TestTenant.ClientId),
            ("MDE_CLIENT_SECRET", TestTenant.Secret),
            ("MDE_EMULATOR_URL", "http://127.0.0.1:5080/"))!;

        Assert.Null(options.EmulatorUrl);
        Assert.Equal(MdeCloud.Commercial.ApiBaseAddress, options.GetApiBaseAddress());
    }

    [Theory]
    [InlineData("http://emulator.contoso.com:5080/", "not a loopback address")]
    [InlineData("https://10.0.0.5/", "not a loopback address")]
    [InlineData("ftp://127.0.0.1/", "scheme 'ftp'")]
    [InlineData("localhost:5080", "scheme 'localhost'")]
    [InlineData("emulator", "not an absolute URL")]
    public void An_emulator_url_that_is_not_loopback_http_is_refused_by_name(string variable, string why)
    {
        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(() => FromEnvironment(("MDE_EMULATOR_URL", variable)));

        Assert.Contains("MDE_EMULATOR_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_emulator_url_in_code_takes_no_tenant_or_credential()
    {
        var options = new MdeAuthOptions { EmulatorUrl = new Uri("http://127.0.0.1:5080/"), ClientSecret = "s" };

        MdeAuthConfigurationException error = Assert.Throws<MdeAuthConfigurationException>(options.Validate);

        Assert.Contains("EmulatorUrl", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("No credential is set", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_token_source_for_emulator_settings_asks_the_emulator()
    {
        IAccessTokenSource tokens = new MdeAuthOptions { EmulatorUrl = new Uri("http://127.0.0.1:5080") }.CreateTokenSource();

        Assert.IsType<EmulatorTokenSource>(tokens);
        Assert.Equal(new Uri("http://127.0.0.1:5080/oauth2/v2.0/token"), EmulatorTokenSource.TokenEndpointFor(new Uri("http://127.0.0.1:5080")));
    }

    [Fact]
    public void The_demo_token_source_refuses_a_remote_address()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => EmulatorTokenSource.ForDemoApp(new Uri("http://example.com/")));

        Assert.Contains("not a loopback address", error.Message, StringComparison.Ordinal);
    }
}
