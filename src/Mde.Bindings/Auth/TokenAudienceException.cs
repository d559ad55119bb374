namespace Mde.Bindings.Auth;

/// <summary>
/// The access token was issued for another resource than the Defender for Endpoint API (its <c>aud</c> claim), so the
/// API would answer 403 Forbidden whatever permissions it carries. Thrown before the call is sent, or carried as the
/// inner exception of the <see cref="Refit.ApiException"/> a 403 answer becomes. The message names the audience to
/// request; it never holds the token.
/// </summary>
public sealed class TokenAudienceException : Exception
{
    internal TokenAudienceException(EndpointDescription operation, AccessTokenClaims claims, string expectedAudience, bool sent = false)
        : base(
            $"{operation.OperationName} {(sent ? "was refused by the API (403 Forbidden)" : "was not sent")}: the access token was issued for "
            + $"'{claims.Audience ?? "(no audience)"}', which is not the Defender for Endpoint API, and the API refuses such tokens with 403 Forbidden. "
            + $"Request the token for the scope {expectedAudience.TrimEnd('/')}/.default (MdeCloud.Scope of your cloud; MdeAuthOptions.Scope or MDE_SCOPE "
            + $"override it; with client credentials ask for a scope, not a resource), and check that the app registration's API permissions are on "
            + $"WindowsDefenderATP. The API's identifiers are {OperationPermissions.ApiAudiences}."
            + (sent ? string.Empty : " To send such calls anyway, turn the permission preflight off (PermissionPreflight = false)."))
    {
        Operation = operation;
        TokenAudience = claims.Audience;
        ExpectedAudience = expectedAudience;
        WasSent = sent;
    }

    /// <summary>The operation that was refused.</summary>
    public EndpointDescription Operation { get; }

    /// <summary>The audience the token carries (its <c>aud</c> claim), or <see langword="null"/> when it has none.</summary>
    public string? TokenAudience { get; }

    /// <summary>The audience tokens are requested for.</summary>
    public string ExpectedAudience { get; }

    /// <summary><see langword="false"/>: refused before sending; <see langword="true"/>: the service answered 403.</summary>
    public bool WasSent { get; }
}
