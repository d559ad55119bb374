using Mde.Bindings.Generator.Common;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Spec.Model;
using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Generator.Spec;

/// <summary>
/// The outcome of reading one spec file: the model when the spec is valid, the diagnostics either way, and the
/// names it claims (so that specs that clash with each other can be reported).
/// </summary>
internal sealed record SpecFileResult(ApiSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, SpecIdentity? Identity)
{
    /// <summary>A file that could not be read at all: one error at its start, no model.</summary>
    public static SpecFileResult Failed(DiagnosticDescriptor descriptor, string path, string message) =>
        new(null, new[] { DiagnosticInfo.Create(descriptor, LocationInfo.FileStart(path), message) }.ToEquatableArray(), null);
}

/// <summary>What a spec declares in its namespace: its own name and the type names it generates.</summary>
internal sealed record SpecIdentity(string FilePath, string Namespace, string Name, LocationInfo NameLocation, EquatableArray<string> TypeNames);
