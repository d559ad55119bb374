using Mde.Bindings.Generator.Common;

namespace Mde.Bindings.Generator.Spec.Model;

/// <summary>One operation of a spec. <see cref="Parameters"/> lists path parameters in path order, then query parameters.</summary>
internal sealed record EndpointSpec(
    string Name,
    string? Summary,
    string Method,
    string Path,
    EquatableArray<ParameterSpec> Parameters,
    TypeRef? Body,
    EquatableArray<string> ApplicationPermissions,
    EquatableArray<string> DelegatedPermissions,
    EquatableArray<LimitSpec> Limits,
    ReturnSpec Returns);
