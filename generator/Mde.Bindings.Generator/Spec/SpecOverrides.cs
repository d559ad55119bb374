namespace Mde.Bindings.Generator.Spec;

/// <summary>
/// Per-file settings from MSBuild item metadata (<c>MdeBindingsNamespace</c>, <c>MdeBindingsVisibility</c> on the
/// AdditionalFiles item) that replace the spec's own <c>namespace</c> and <c>visibility</c>, so that one project can
/// compile a shared spec into its own namespace or keep the generated types internal.
/// </summary>
internal sealed record SpecOverrides(string? Namespace, string? Visibility)
{
    public static readonly SpecOverrides None = new(null, null);
}
