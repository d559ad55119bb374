using System.ComponentModel;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// Says that an assembly holds the public code generated from a spec (<paramref name="Namespace"/>.<paramref name="Name"/>).
/// The generator emits it; when a project references such an assembly, the generator does not generate the same API
/// again, so that a solution whose projects all reference the package gets one copy of each API's types.
/// </summary>
/// <param name="Namespace">The spec's namespace.</param>
/// <param name="Name">The spec's name.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedApiAttribute(string Namespace, string Name) : Attribute
{
    /// <summary>The spec's namespace.</summary>
    public string Namespace { get; } = Namespace;

    /// <summary>The spec's name.</summary>
    public string Name { get; } = Name;
}
