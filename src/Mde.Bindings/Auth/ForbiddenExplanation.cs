using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Http;
using Refit;

namespace Mde.Bindings.Auth;

/// <summary>
/// Turns a 403 Forbidden answer into the <see cref="ApiException"/> it always became, with a message that compares the
/// operation's permissions from the spec with the token's claims (<see cref="OperationPermissions"/>), and the
/// <see cref="MissingPermissionException"/> or <see cref="TokenAudienceException"/> behind it as its inner exception.
/// </summary>
internal static partial class ForbiddenExplanation
{
    /// <summary>The claims of the token a request was sent with: those the bearer handler read, else the header's (read before it is removed).</summary>
    public static AccessTokenClaims? ClaimsOf(HttpRequestMessage request) =>
        MdeRequestOptions.GetTokenClaims(request) ?? ReadHeader(request.Headers.Authorization);

    public static async Task<ApiException> CreateAsync(EndpointDescription endpoint, HttpRequestMessage request, HttpResponseMessage response, AccessTokenClaims? claims, RefitSettings settings)
    {

        // Buffered, so that the body can be read here and again by Refit for the exception's Content.
        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        MdeApiError? error = MdeApiError.TryRead(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        string audience = MdeRequestOptions.GetRequestedAudience(request) ?? MdeCloud.Commercial.Audience;
        Exception reason = claims is not null && !OperationPermissions.IsApiAudience(claims.Audience, audience)
            ? new TokenAudienceException(endpoint, claims, audience, sent: true)
            : new MissingPermissionException(endpoint, claims, ServiceRequired(error?.DisplayMessage), sent: true);
        string said = error is null ? string.Empty : " (" + error.Describe() + ")";
        return await ApiException.Create($"403 Forbidden{said}. {reason.Message}", request, request.Method, response, settings, reason).ConfigureAwait(false);
    }

    /// <summary>
    /// The permissions a 403 message of the service names as required. Its two known wordings: "Missing application
    /// roles. API required roles: Machine.Read.All,Machine.ReadWrite.All, application roles: Machine.Isolate."
    /// (Azure/Azure-Sentinel PR 14672, issue 13457) and "The application does not have any of the required application
    /// permissions (Machine.Isolate, Machine.CollectForensic, …) to access the resource." (MicrosoftDocs/microsoft-365-docs
    /// issues 6062 and 6052).
    /// </summary>
    internal static IReadOnlyList<string> ServiceRequired(string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return [];
        }

        Match match = RequiredRoles().Match(message);
        if (!match.Success)
        {
            match = RequiredPermissions().Match(message);
        }

        return match.Success
            ? match.Groups["list"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
    }

    private static AccessTokenClaims? ReadHeader(AuthenticationHeaderValue? header) =>
        header is { Parameter: { } token } && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && AccessTokenClaims.TryRead(token, out AccessTokenClaims? claims)
            ? claims
            : null;

    [GeneratedRegex(@"required roles:\s*(?<list>[^\s,][^:]*?)\s*,\s*\w+ roles:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RequiredRoles();

    [GeneratedRegex(@"required (?:\w+ )?permissions\s*\((?<list>[^)]*)\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RequiredPermissions();
}
