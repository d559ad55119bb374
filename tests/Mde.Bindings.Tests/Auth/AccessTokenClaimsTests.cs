using Mde.Bindings.Auth;

namespace Mde.Bindings.Tests.Auth;

public sealed class AccessTokenClaimsTests
{
    [Fact]
    public void An_app_token_gives_its_roles_audience_expiry_app_and_tenant()
    {
        Assert.True(AccessTokenClaims.TryRead(TestJwt.App("Machine.LiveResponse", "Machine.ReadWrite.All"), out AccessTokenClaims? claims));

        Assert.Equal(TestJwt.ApiAudience, claims.Audience);
        Assert.Equal(["Machine.LiveResponse", "Machine.ReadWrite.All"], claims.Roles);
        Assert.Empty(claims.Scopes);
        Assert.False(claims.IsDelegated);
        Assert.Equal(claims.Roles, claims.Permissions);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(4102444800L), claims.ExpiresOn);
        Assert.Equal("11111111-2222-3333-4444-555555555555", claims.AppId);
        Assert.Equal("contoso-tenant", claims.TenantId);
    }

    [Fact]
    public void A_delegated_token_gives_its_space_separated_scopes_and_its_azp_as_app()
    {
        Assert.True(AccessTokenClaims.TryRead(TestJwt.Delegated("Machine.LiveResponse", "Machine.ReadWrite"), out AccessTokenClaims? claims));

        Assert.Equal(["Machine.LiveResponse", "Machine.ReadWrite"], claims.Scopes);
        Assert.True(claims.IsDelegated);
        Assert.Equal(claims.Scopes, claims.Permissions);
        Assert.Empty(claims.Roles);
        Assert.Equal("11111111-2222-3333-4444-555555555555", claims.AppId);
    }

    [Fact]
    public void A_token_without_roles_reads_with_none()
    {
        // The symptom of microsoft-365-docs issue 5552 ("No Roles in JWT"): a token for the API that carries no permission.
        string token = TestJwt.Create(new Dictionary<string, object?> { ["aud"] = TestJwt.ApiAudience, ["appid"] = "app" });

        Assert.True(AccessTokenClaims.TryRead(token, out AccessTokenClaims? claims));
        Assert.Empty(claims.Permissions);
        Assert.Null(claims.ExpiresOn);
        Assert.Null(claims.TenantId);
        Assert.Contains("no roles", claims.ToString());
    }

    [Fact]
    public void An_audience_array_gives_its_first_audience()
    {
        string token = TestJwt.Create(new Dictionary<string, object?> { ["aud"] = new[] { "https://securitycenter.onmicrosoft.com/windowsatpservice", "other" } });

        Assert.True(AccessTokenClaims.TryRead(token, out AccessTokenClaims? claims));
        Assert.Equal("https://securitycenter.onmicrosoft.com/windowsatpservice", claims.Audience);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("opaque-reference-token")]
    [InlineData("a.b")]
    [InlineData("header..signature")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.!!!not-base64!!!.sig")]
    [InlineData("one.two.three.four.five")] // an encrypted token (JWE) has five parts and no readable claims
    public void Anything_but_a_readable_jwt_is_false_without_an_exception(string? token)
    {
        Assert.False(AccessTokenClaims.TryRead(token, out AccessTokenClaims? claims));
        Assert.Null(claims);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"aud\":")]
    [InlineData("{\"aud\":42}")]
    [InlineData("{\"roles\":[1]}")]
    [InlineData("{\"exp\":\"tomorrow\"}")]
    [InlineData("{\"exp\":1e300}")]
    public void A_payload_that_is_not_a_claims_object_is_false(string payload)
    {
        Assert.False(AccessTokenClaims.TryRead("eyJhbGciOiJub25lIn0." + TestJwt.Encode(payload) + ".", out _));
    }

    [Fact]
    public void ToString_shows_the_claims_and_never_the_token()
    {
        string token = TestJwt.App("Machine.LiveResponse");
        Assert.True(AccessTokenClaims.TryRead(token, out AccessTokenClaims? claims));

        string text = claims.ToString();
        Assert.Contains("Machine.LiveResponse", text);
        Assert.Contains(TestJwt.ApiAudience, text);
        Assert.DoesNotContain(token.Split('.')[1], text);
        Assert.DoesNotContain("eyJ", text);
    }

    [Fact]
    public void Allows_applies_the_preflight_rule_to_one_operation()
    {
        Assert.True(AccessTokenClaims.TryRead(TestJwt.App("Machine.Read.All"), out AccessTokenClaims? app));
        Assert.True(AccessTokenClaims.TryRead(TestJwt.Delegated("Machine.LiveResponse"), out AccessTokenClaims? user));

        Assert.True(app.Allows(Mde.Bindings.LiveResponse.LiveResponseApiDescription.GetMachineAction)); // a formerly documented permission
        Assert.False(app.Allows(Mde.Bindings.LiveResponse.LiveResponseApiDescription.RunLiveResponse));
        Assert.True(user.Allows(Mde.Bindings.LiveResponse.LiveResponseApiDescription.GetLiveResponseResultDownloadLink));
        Assert.False(user.Allows(Mde.Bindings.LiveResponse.LiveResponseApiDescription.ListLibraryFiles));
    }

    [Theory]
    [InlineData("https://api.securitycenter.microsoft.com", null, true)]
    [InlineData("https://securitycenter.onmicrosoft.us/windowsatpservice", null, true)]
    [InlineData("https://graph.microsoft.com", null, false)]
    [InlineData("https://api-gov.securitycenter.microsoft.us", "https://api-gov.securitycenter.microsoft.us", true)]
    public void IsForApi_accepts_the_apis_identifiers_and_the_requested_audience(string audience, string? requested, bool expected)
    {
        Assert.True(AccessTokenClaims.TryRead(TestJwt.ForAudience(audience), out AccessTokenClaims? claims));

        Assert.Equal(expected, claims.IsForApi(requested));
    }
}
