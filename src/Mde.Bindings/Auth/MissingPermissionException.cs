using System.Text;

namespace Mde.Bindings.Auth;

/// <summary>
/// The access token lacks the permission an operation needs. Thrown <em>before</em> the call is sent when the token's
/// claims show that none of the operation's permissions (from its spec: the application list for an app token, the
/// delegated list for a user token) is there (<see cref="WasSent"/> is <see langword="false"/>); and carried as the
/// inner exception of the <see cref="Refit.ApiException"/> that a 403 Forbidden answer becomes
/// (<see cref="WasSent"/> is <see langword="true"/>). The message names the operation, the permissions that would
/// do, the ones the token has, and where an administrator grants them. It never holds the token.
/// </summary>
public sealed class MissingPermissionException : Exception
{
    internal MissingPermissionException(EndpointDescription operation, AccessTokenClaims? claims, IReadOnlyList<string>? serviceRequired, bool sent)
        : base(Describe(operation, claims, serviceRequired ?? [], sent))
    {
        Operation = operation;
        IsDelegated = claims?.IsDelegated ?? false;
        AcceptedPermissions = claims is null
            ? [.. operation.ApplicationPermissions.Union(operation.DelegatedPermissions, StringComparer.OrdinalIgnoreCase)]
            : OperationPermissions.Accepted(operation, claims.IsDelegated);
        TokenPermissions = claims?.Permissions ?? [];
        ServiceRequiredPermissions = serviceRequired ?? [];
        TokenReadable = claims is not null;
        WasSent = sent;
    }

    /// <summary>The operation that was refused.</summary>
    public EndpointDescription Operation { get; }

    /// <summary>Whether the token acts for a user (delegated permissions, <c>scp</c>) rather than for an app (<c>roles</c>).</summary>
    public bool IsDelegated { get; }

    /// <summary>The permissions from the spec any one of which allows the operation for this kind of token (both lists when the token could not be read).</summary>
    public IReadOnlyList<string> AcceptedPermissions { get; }

    /// <summary>The permissions the token carries (empty when it has none, or could not be read).</summary>
    public IReadOnlyList<string> TokenPermissions { get; }

    /// <summary>The permissions the service's 403 message named as required, when it named any (empty otherwise).</summary>
    public IReadOnlyList<string> ServiceRequiredPermissions { get; }

    /// <summary>Whether the token's claims could be read (a JSON Web Token); an opaque token leaves the comparison to you.</summary>
    public bool TokenReadable { get; }

    /// <summary><see langword="false"/>: refused before sending; <see langword="true"/>: the service answered 403.</summary>
    public bool WasSent { get; }

    private static string Describe(EndpointDescription operation, AccessTokenClaims? claims, IReadOnlyList<string> serviceRequired, bool sent)
    {
        var text = new StringBuilder();
        text.Append(operation.OperationName).Append(sent ? " was refused by the API (403 Forbidden)" : " was not sent");
        if (claims is null)
        {
            text.Append(". The access token is not a JSON Web Token, so its permissions cannot be read: check them yourself. The operation needs one of the application permissions ")
                .Append(List(operation.ApplicationPermissions)).Append(" (app tokens) or one of the delegated permissions ")
                .Append(List(operation.DelegatedPermissions)).Append(" (user tokens). ");
            AppendGrant(text, operation.ApplicationPermissions, "Application");
            AppendServiceList(text, serviceRequired, operation.ApplicationPermissions.Concat(operation.DelegatedPermissions).ToArray());
            return text.ToString();
        }

        string kind = claims.IsDelegated ? "delegated" : "application";
        string otherKind = claims.IsDelegated ? "application" : "delegated";
        IReadOnlyList<string> accepted = OperationPermissions.Accepted(operation, claims.IsDelegated);
        IReadOnlyList<string> otherList = OperationPermissions.Accepted(operation, !claims.IsDelegated);
        string held = claims.Permissions.Count == 0
            ? (claims.IsDelegated ? "no scopes" : "no roles at all (no permission was granted, or admin consent is missing)")
            : (claims.IsDelegated ? "the scopes " : "the roles ") + List(claims.Permissions);
        string token = $"the access token (app {claims.AppId ?? "unknown"}{(claims.TenantId is null ? string.Empty : ", tenant " + claims.TenantId)})";

        if (accepted.Count == 0)
        {
            text.Append(": it takes no ").Append(kind).Append(" permission, and ").Append(token).Append(" is ")
                .Append(claims.IsDelegated ? "a user token" : "an app token").Append(". Call it with ")
                .Append(claims.IsDelegated ? "an app token" : "a user (delegated) token").Append(" that has one of the ").Append(otherKind)
                .Append(" permissions ").Append(List(otherList)).Append('.');
            AppendServiceList(text, serviceRequired, otherList);
            return text.ToString();
        }

        bool tokenHasOne = OperationPermissions.AnyHeld(accepted, claims.Permissions);
        if (!tokenHasOne)
        {
            IReadOnlyList<string> former = OperationPermissions.Former(operation, claims.IsDelegated);
            text.Append(": it needs one of the ").Append(kind).Append(" permissions ").Append(List(OperationPermissions.Current(operation, claims.IsDelegated)))
                .Append(former.Count == 0 ? string.Empty : " (earlier published versions also listed " + List(former) + ")")
                .Append(", and ").Append(token).Append(" has ").Append(held).Append(". ");
            AppendGrant(text, accepted, claims.IsDelegated ? "Delegated" : "Application");
            if (claims.IsDelegated)
            {
                text.Append(" The signed-in user also needs a Defender for Endpoint role that allows the action.");
            }
        }
        else
        {
            text.Append(". ").Append(char.ToUpperInvariant(token[0])).Append(token, 1, token.Length - 1).Append(" has ").Append(held)
                .Append(", and the spec lists ").Append(List(accepted.Where(a => claims.Permissions.Any(h => OperationPermissions.Same(a, h))).ToArray()))
                .Append(" for this operation, so the refusal is about something else");
            text.Append(claims.IsDelegated
                ? ": the signed-in user's Defender for Endpoint role, or the device group the device is in, does not allow it."
                : ": the service may check a list of its own (below), or the tenant's settings forbid the action (live response turned off, unsigned scripts not allowed, a device group without an automation level).");
        }

        AppendServiceList(text, serviceRequired, accepted, claims.Permissions);
        if (!sent)
        {
            text.Append(" To send such calls anyway, turn the permission preflight off (PermissionPreflight = false).");
        }

        return text.ToString();
    }

    private static void AppendGrant(StringBuilder text, IReadOnlyList<string> accepted, string kind)
    {
        if (accepted.Count == 0)
        {
            return;
        }

        text.Append("Grant one in the ").Append(OperationPermissions.PortalPathPrefix).Append(kind).Append(" permissions → ")
            .Append(accepted[0]).Append(" → Add permissions, then Grant admin consent. The next token carries it (a token already issued keeps its old permissions until it expires).");
    }

    private static void AppendServiceList(StringBuilder text, IReadOnlyList<string> serviceRequired, IReadOnlyList<string> specList, IReadOnlyList<string>? held = null)
    {
        if (serviceRequired.Count == 0)
        {
            return;
        }

        text.Append(" The service's message asks for one of ").Append(List(serviceRequired)).Append('.');
        string[] notInSpec = serviceRequired.Where(s => !specList.Any(p => OperationPermissions.Same(p, s))).ToArray();
        if (notInSpec.Length > 0)
        {
            text.Append(" The spec does not list ").Append(List(notInSpec)).Append(" for this operation: the service's list wins.");
        }

        // microsoft-365-docs issue 6062: the service's list spelled Machine.CollectForensic, which no app role is called,
        // so a token with Machine.CollectForensics alone was refused while "any of the other listed permissions" worked.
        string[] respelled = serviceRequired
            .Where(s => held is not null && held.Any(h => OperationPermissions.Same(s, h) && !string.Equals(s, h, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        if (respelled.Length > 0)
        {
            string[] others = serviceRequired.Except(respelled, StringComparer.OrdinalIgnoreCase).ToArray();
            text.Append(" It spells ").Append(List(respelled)).Append(" differently from the permission the token has, so that permission does not pass this check (a known service defect, microsoft-365-docs issue 6062)");
            text.Append(others.Length > 0 ? "; grant one of " + List(others) + " instead." : ".");
        }
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "(none)" : string.Join(", ", names);
}
