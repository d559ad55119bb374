namespace Mde.Bindings.Auth;

/// <summary>
/// The one rule that compares an access token with what an operation needs: the token's audience must name the
/// Defender for Endpoint API, and it must carry one of the operation's permissions from the spec — the application
/// list for an app token (<c>roles</c>), the delegated list for a user token (<c>scp</c>). Both the preflight
/// (<see cref="BearerTokenHandler"/>) and the explanation of a 403 use it.
/// </summary>
internal static class OperationPermissions
{
    /// <summary>The application id of WindowsDefenderATP, the Entra application behind the API (an audience v2 tokens carry).</summary>
    // Source: Azure/Azure-Sentinel issue 3298 (MDEAppId in the managed identity role assignment script).
    public const string WindowsDefenderAtpAppId = "fc780465-2017-40d4-a0c5-307022471b92";

    /// <summary>Where an administrator grants the permissions, in the Azure portal.</summary>
    public const string PortalPathPrefix = "Azure portal: Microsoft Entra ID → App registrations → your app → API permissions → Add a permission → APIs my organization uses → WindowsDefenderATP → ";

    // The identifiers of the API a token's aud may hold: the spec's audience, the WindowsDefenderATP identifier URIs
    // (microsoft-365-docs issue 13126: tokens for …/windowsatpservice are accepted; docs/authentication.md for the
    // government forms) and the application id.
    private static readonly string[] s_apiAudiences =
    [
        MdeCloud.Commercial.Audience,
        MdeCloud.Gcc.Audience,
        MdeCloud.GccHigh.Audience,
        WindowsDefenderAtpAppId,
    ];

    // Spellings the service itself has used for one permission. microsoft-365-docs issue 6062: the cancel operation's
    // 403 listed "Machine.CollectForensic" (no trailing s) where the docs and the app role say Machine.CollectForensics.
    private static readonly string[][] s_sameRole =
    [
        ["Machine.CollectForensics", "Machine.CollectForensic"],
    ];

    /// <summary>
    /// The permissions of <paramref name="endpoint"/> for a token of that kind, any one of which allows the call: the
    /// spec's current list first, then those earlier published versions listed (the preflight never refuses a token
    /// the service has accepted before).
    /// </summary>
    public static IReadOnlyList<string> Accepted(EndpointDescription endpoint, bool delegated) =>
        Former(endpoint, delegated).Count == 0 ? Current(endpoint, delegated) : [.. Current(endpoint, delegated), .. Former(endpoint, delegated)];

    /// <summary>The spec's current list for a token of that kind.</summary>
    public static IReadOnlyList<string> Current(EndpointDescription endpoint, bool delegated) =>
        delegated ? endpoint.DelegatedPermissions : endpoint.ApplicationPermissions;

    /// <summary>The permissions earlier published versions listed for a token of that kind, and the current list does not.</summary>
    public static IReadOnlyList<string> Former(EndpointDescription endpoint, bool delegated) =>
        delegated ? endpoint.FormerDelegatedPermissions : endpoint.FormerApplicationPermissions;

    /// <summary>Whether <paramref name="audience"/> names the API: one of its identifiers, or the audience the code asked for.</summary>
    public static bool IsApiAudience(string? audience, string requestedAudience)
    {
        if (string.IsNullOrEmpty(audience))
        {
            return false;
        }

        string trimmed = audience.TrimEnd('/');
        return string.Equals(trimmed, requestedAudience.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)
            || s_apiAudiences.Contains(trimmed, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether one of <paramref name="held"/> is one of <paramref name="accepted"/> (case-insensitive; known respellings count).</summary>
    /// <remarks>Loops, not LINQ: the preflight runs this on every call, and it allocates nothing.</remarks>
    public static bool AnyHeld(IReadOnlyList<string> accepted, IReadOnlyList<string> held)
    {
        for (int i = 0; i < accepted.Count; i++)
        {
            for (int j = 0; j < held.Count; j++)
            {
                if (Same(accepted[i], held[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether a token holding <paramref name="held"/> may call <paramref name="endpoint"/>: one of the spec's current or former permissions for its kind.</summary>
    public static bool Allows(EndpointDescription endpoint, bool delegated, IReadOnlyList<string> held) =>
        AnyHeld(Current(endpoint, delegated), held) || AnyHeld(Former(endpoint, delegated), held);

    /// <summary>Whether two permission names name the same permission.</summary>
    public static bool Same(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (string[] names in s_sameRole)
        {
            if (Names(names, a) && Names(names, b))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Names(string[] names, string name)
    {
        foreach (string n in names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Why the API would refuse <paramref name="endpoint"/> with this token — a <see cref="TokenAudienceException"/> or a
    /// <see cref="MissingPermissionException"/> — or <see langword="null"/> when the token has what the spec asks for.
    /// </summary>
    public static Exception? Refusal(EndpointDescription endpoint, AccessTokenClaims claims, string requestedAudience)
    {
        if (!claims.IsForApi(requestedAudience))
        {
            return new TokenAudienceException(endpoint, claims, requestedAudience);
        }

        return claims.Allows(endpoint)
            ? null
            : new MissingPermissionException(endpoint, claims, serviceRequired: null, sent: false);
    }

    /// <summary>The known identifiers of the API, for messages.</summary>
    public static string ApiAudiences => string.Join(", ", s_apiAudiences);
}
