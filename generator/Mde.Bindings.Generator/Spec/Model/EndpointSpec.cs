using Mde.Bindings.Generator.Common;

namespace Mde.Bindings.Generator.Spec.Model;

/// <summary>
/// One operation of a spec. <see cref="Parameters"/> lists path parameters in path order, then query parameters;
/// <see cref="PathSegments"/> is <see cref="Path"/> parsed, and <see cref="MethodName"/> the C# method.
/// <see cref="FormerApplicationPermissions"/> and <see cref="FormerDelegatedPermissions"/> are the permissions earlier
/// published versions listed (<c>x-permissions-history</c>) and the current lists do not. With
/// <see cref="IsMultipartBody"/> the <see cref="Body"/> is a form model sent as multipart/form-data, otherwise JSON.
/// </summary>
internal sealed record EndpointSpec(
    string Name,
    string MethodName,
    string? Summary,
    string Method,
    string Path,
    EquatableArray<PathSegment> PathSegments,
    EquatableArray<ParameterSpec> Parameters,
    TypeRef? Body,
    EquatableArray<string> ApplicationPermissions,
    EquatableArray<string> DelegatedPermissions,
    EquatableArray<LimitSpec> Limits,
    ReturnSpec Returns,
    EquatableArray<string> FormerApplicationPermissions,
    EquatableArray<string> FormerDelegatedPermissions,
    bool IsMultipartBody);
