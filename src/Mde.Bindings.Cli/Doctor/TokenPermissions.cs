using Mde.Bindings.Auth;

namespace Mde.Bindings.Cli.Doctor;

/// <summary>Compares a token's claims with what an operation needs: the application list for roles, the delegated list for scopes.</summary>
internal static class TokenPermissions
{
    public static IReadOnlyList<string> Accepted(EndpointDescription operation, AccessTokenClaims claims) =>
        claims.IsDelegated ? operation.DelegatedPermissions : operation.ApplicationPermissions;

    public static bool Holds(AccessTokenClaims claims, string permission) =>
        claims.Permissions.Contains(permission, StringComparer.OrdinalIgnoreCase);

    public static bool Allows(EndpointDescription operation, AccessTokenClaims claims) =>
        Accepted(operation, claims).Any(p => Holds(claims, p));

    public static bool IsApiAudience(string? audience, string requestedAudience) =>
        audience is not null && string.Equals(audience.TrimEnd('/'), requestedAudience.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
