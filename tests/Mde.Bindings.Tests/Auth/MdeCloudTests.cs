using Mde.Bindings.Auth;

namespace Mde.Bindings.Tests.Auth;

public sealed class MdeCloudTests
{
    // API and sign-in hosts: MicrosoftDocs/defender-docs, defender-endpoint/gov.md, section "API" (GCC; GCC High & DoD).
    // Government scopes: demisto/content, Packs/ApiModules/Scripts/MicrosoftApiModule/MicrosoftApiModule.py
    // (MICROSOFT_DEFENDER_FOR_ENDPOINT_APT_SERVICE_ENDPOINTS + "/windowsatpservice/.default"); GCC moved to the .com
    // identifier in demisto/content PR 34360. Commercial scope: the spec's audience (api-spec), as before.
    public static TheoryData<MdeCloud, string, string, string> Clouds => new()
    {
        { MdeCloud.Commercial, "https://api.security.microsoft.com/", "https://login.microsoftonline.com/", "https://api.securitycenter.microsoft.com/.default" },
        { MdeCloud.CommercialLegacy, "https://api.securitycenter.microsoft.com/", "https://login.microsoftonline.com/", "https://api.securitycenter.microsoft.com/.default" },
        { MdeCloud.Gcc, "https://api-gcc.securitycenter.microsoft.us/", "https://login.microsoftonline.com/", "https://securitycenter.onmicrosoft.com/windowsatpservice/.default" },
        { MdeCloud.GccHigh, "https://api-gov.securitycenter.microsoft.us/", "https://login.microsoftonline.us/", "https://securitycenter.onmicrosoft.us/windowsatpservice/.default" },
        { MdeCloud.DoD, "https://api-gov.securitycenter.microsoft.us/", "https://login.microsoftonline.us/", "https://securitycenter.onmicrosoft.us/windowsatpservice/.default" },
    };

    [Theory]
    [MemberData(nameof(Clouds))]
    public void Each_cloud_has_its_documented_hosts_and_scope(MdeCloud cloud, string api, string signIn, string scope)
    {
        Assert.Equal(api, cloud.ApiBaseAddress.AbsoluteUri);
        Assert.Equal(signIn, cloud.AuthorityHost.AbsoluteUri);
        Assert.Equal(scope, cloud.Scope);
        Assert.Equal(scope[..^"/.default".Length], cloud.Audience);
    }

    [Theory]
    [InlineData("Commercial", "Commercial")]
    [InlineData("commercial", "Commercial")]
    [InlineData(" GCC ", "GCC")]
    [InlineData("gcc", "GCC")]
    [InlineData("GCCHigh", "GCCHigh")]
    [InlineData("gcchigh", "GCCHigh")]
    [InlineData("DoD", "DoD")]
    [InlineData("DOD", "DoD")]
    public void Parse_reads_the_cloud_names_case_insensitively(string text, string expected)
    {
        Assert.Equal(expected, MdeCloud.Parse(text).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Gov")]
    [InlineData("GCC High")]
    [InlineData("AzureUSGovernment")]
    public void Parse_rejects_an_unknown_name_and_lists_the_valid_ones(string text)
    {
        FormatException error = Assert.Throws<FormatException>(() => MdeCloud.Parse(text));

        Assert.Contains($"'{text}'", error.Message);
        Assert.Contains("Commercial, GCC, GCCHigh, DoD", error.Message);
        Assert.False(MdeCloud.TryParse(text, out _));
    }

    [Theory]
    [InlineData("us")]
    [InlineData("eu")]
    [InlineData("uk")]
    [InlineData("au")]
    [InlineData("swa")]
    [InlineData("ina")]
    [InlineData("AEA")]
    public void A_commercial_region_has_its_own_host_and_the_commercial_sign_in(string region)
    {
        MdeCloud cloud = MdeCloud.CommercialRegion(region);

        Assert.Equal($"https://{region.ToLowerInvariant()}.api.security.microsoft.com/", cloud.ApiBaseAddress.AbsoluteUri);
        Assert.Equal(MdeCloud.Commercial.AuthorityHost, cloud.AuthorityHost);
        Assert.Equal(MdeCloud.Commercial.Audience, cloud.Audience);
    }

    [Fact]
    public void An_unknown_region_is_refused_with_the_valid_ones()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => MdeCloud.CommercialRegion("fr"));

        Assert.Contains("us, eu, uk, au, swa, ina, aea", error.Message);
    }

    [Fact]
    public void The_authority_is_the_sign_in_host_and_the_tenant()
    {
        Assert.Equal("https://login.microsoftonline.us/contoso.onmicrosoft.com", MdeCloud.DoD.GetAuthority("contoso.onmicrosoft.com").AbsoluteUri);
        Assert.Equal($"https://login.microsoftonline.com/{TestTenant.TenantId}", MdeCloud.Gcc.GetAuthority(TestTenant.TenantId).AbsoluteUri);
    }
}
