using Mde.Bindings.Generator.Common;

namespace Mde.Bindings.Generator.Spec.Model;

/// <summary>One validated spec file: everything the emitters need, nothing from the compilation. <see cref="SpecVersion"/> is 1 or 2.</summary>
internal sealed record ApiSpec(
    string FilePath,
    string Name,
    string Namespace,
    GeneratedNames Names,
    string Audience,
    string? Summary,
    bool IsInternal,
    EquatableArray<EndpointSpec> Endpoints,
    EquatableArray<ModelSpec> Models,
    EquatableArray<EnumSpec> Enums,
    int SpecVersion = 1)
{
    /// <summary>The keyword the generated types are declared with.</summary>
    public string Accessibility => IsInternal ? "internal" : "public";
}
