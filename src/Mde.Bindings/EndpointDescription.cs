namespace Mde.Bindings;

/// <summary>
/// What the spec says about one operation: its route, the permissions that allow it, its rate limits and,
/// for operations that return a short-lived link, how long the link lives. Generated
/// <c>{Name}ApiDescription</c> classes expose one instance per operation.
/// </summary>
/// <example>
/// <code>
/// EndpointDescription run = LiveResponseApiDescription.RunLiveResponse;   // generated from the spec
/// Console.WriteLine($"{run.Method} {run.PathTemplate}: needs {string.Join(" or ", run.ApplicationPermissions)}, at most {string.Join(" and ", run.Limits)}");
/// </code>
/// </example>
public sealed class EndpointDescription
{
    /// <summary>Creates a description. Generated code calls this; users rarely need to.</summary>
    public EndpointDescription(
        string apiName,
        string name,
        string method,
        string pathTemplate,
        IReadOnlyList<string> applicationPermissions,
        IReadOnlyList<string> delegatedPermissions,
        IReadOnlyList<RateLimitWindow> limits,
        TimeSpan? linkLifetime = null,
        IReadOnlyList<string>? formerApplicationPermissions = null,
        IReadOnlyList<string>? formerDelegatedPermissions = null)
    {
        ApiName = apiName ?? throw new ArgumentNullException(nameof(apiName));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Method = method ?? throw new ArgumentNullException(nameof(method));
        PathTemplate = pathTemplate ?? throw new ArgumentNullException(nameof(pathTemplate));
        ApplicationPermissions = applicationPermissions ?? throw new ArgumentNullException(nameof(applicationPermissions));
        DelegatedPermissions = delegatedPermissions ?? throw new ArgumentNullException(nameof(delegatedPermissions));
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
        LinkLifetime = linkLifetime;
        FormerApplicationPermissions = formerApplicationPermissions ?? [];
        FormerDelegatedPermissions = formerDelegatedPermissions ?? [];
        OperationName = apiName + "." + name;
    }

    /// <summary>The spec's <c>name</c> (for example <c>LiveResponse</c>).</summary>
    public string ApiName { get; }

    /// <summary>The operation name (for example <c>GetLiveResponseResultDownloadLink</c>).</summary>
    public string Name { get; }

    /// <summary><c>ApiName.Name</c>, as telemetry tags and messages name the operation: built once, not per request.</summary>
    internal string OperationName { get; }

    /// <summary>The HTTP method, upper case.</summary>
    public string Method { get; }

    /// <summary>The path template with <c>{placeholders}</c>, relative to the API's base address.</summary>
    public string PathTemplate { get; }

    /// <summary>Application (app-only) permissions, any one of which allows the call.</summary>
    public IReadOnlyList<string> ApplicationPermissions { get; }

    /// <summary>Delegated (user) permissions, any one of which allows the call.</summary>
    public IReadOnlyList<string> DelegatedPermissions { get; }

    /// <summary>
    /// Application permissions that earlier published versions of the operation's page listed and the current one does
    /// not (the spec's <c>x-permissions-history</c>). The service has kept accepting such permissions, so the permission
    /// preflight does not refuse a token that has one of them.
    /// </summary>
    public IReadOnlyList<string> FormerApplicationPermissions { get; }

    /// <summary>Delegated permissions that earlier published versions listed and the current one does not (see <see cref="FormerApplicationPermissions"/>).</summary>
    public IReadOnlyList<string> FormerDelegatedPermissions { get; }

    /// <summary>Every rate limit of the operation; all apply at once. Empty when the operation is unthrottled.</summary>
    public IReadOnlyList<RateLimitWindow> Limits { get; }

    /// <summary>How long a link returned by the operation stays valid, or <see langword="null"/> when it returns no link.</summary>
    public TimeSpan? LinkLifetime { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{OperationName} ({Method} {PathTemplate})";
}
