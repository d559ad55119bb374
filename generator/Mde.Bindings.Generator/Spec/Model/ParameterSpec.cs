namespace Mde.Bindings.Generator.Spec.Model;

internal enum ParameterLocation
{
    Path,
    Query,
}

/// <summary>A path or query parameter: its name on the wire and its C# name.</summary>
internal sealed record ParameterSpec(string WireName, string CSharpName, TypeRef Type, ParameterLocation Location, string? Summary);
