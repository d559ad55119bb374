using System.Text;
using System.Text.Json;

namespace Mde.Bindings.Tests.Auth;

/// <summary>Builds JSON Web Tokens shaped like the ones Microsoft Entra ID issues (the signature is not a real one).</summary>
internal static class TestJwt
{
    public const string ApiAudience = "https://api.securitycenter.microsoft.com";

    /// <summary>An app token (client credentials): <c>roles</c>, no <c>scp</c>.</summary>
    public static string App(params string[] roles) =>
        Create(new Dictionary<string, object?> { ["aud"] = ApiAudience, ["appid"] = "11111111-2222-3333-4444-555555555555", ["tid"] = "contoso-tenant", ["exp"] = 4102444800L, ["roles"] = roles });

    /// <summary>A delegated token (a signed-in user): <c>scp</c>, space separated.</summary>
    public static string Delegated(params string[] scopes) =>
        Create(new Dictionary<string, object?> { ["aud"] = ApiAudience, ["azp"] = "11111111-2222-3333-4444-555555555555", ["tid"] = "contoso-tenant", ["exp"] = 4102444800L, ["scp"] = string.Join(' ', scopes) });

    /// <summary>An app token for another audience.</summary>
    public static string ForAudience(string audience, params string[] roles) =>
        Create(new Dictionary<string, object?> { ["aud"] = audience, ["appid"] = "11111111-2222-3333-4444-555555555555", ["tid"] = "contoso-tenant", ["exp"] = 4102444800L, ["roles"] = roles });

    public static string Create(IReadOnlyDictionary<string, object?> claims) =>
        Encode("""{"typ":"JWT","alg":"RS256","kid":"test"}""") + "." + Encode(JsonSerializer.Serialize(claims)) + ".c2lnbmF0dXJl";

    public static string Encode(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
