using System;
using System.Collections.Generic;
using System.Linq;
using Mde.Bindings.Generator.Common;
using Mde.Bindings.Generator.Spec;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Spec.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Mde.Bindings.Generator;

/// <summary>
/// What the emit step gets for one spec file: the spec (null when nothing may be generated from it) and every
/// diagnostic of the file, including clashes with other specs and a too-old language version.
/// </summary>
internal sealed record EmitInput(ApiSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static EmitInput Create(SpecFileResult result, EquatableArray<SpecIdentity> all, LanguageVersion languageVersion, EquatableArray<string> referencedApis)
    {
        var diagnostics = new List<DiagnosticInfo>(result.Diagnostics);
        ApiSpec? spec = result.Spec;
        if (result.Identity is { } self)
        {
            foreach (DiagnosticInfo clash in Clashes(self, all))
            {
                diagnostics.Add(clash);
                spec = null;
            }

            // A referenced assembly already holds this API's public types: use those, generate nothing.
            if (spec is not null && !spec.IsInternal && referencedApis.AsImmutableArray().Contains(ReferencedApis.Key(spec.Namespace, spec.Name)))
            {
                spec = null;
            }

            if (spec is not null && languageVersion < LanguageVersion.CSharp11)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LanguageVersionTooLow, self.NameLocation, self.Name, languageVersion.ToDisplayString()));
                spec = null;
            }
        }

        return new EmitInput(spec, diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// Specs that claim a name this spec also claims in the same namespace. The first file (by path) keeps the name;
    /// each later one is reported, so that exactly one of two clashing specs is generated.
    /// </summary>
    private static IEnumerable<DiagnosticInfo> Clashes(SpecIdentity self, EquatableArray<SpecIdentity> all)
    {
        foreach (SpecIdentity other in all)
        {
            if (string.CompareOrdinal(other.FilePath, self.FilePath) >= 0)
            {
                yield break;
            }

            if (other.Namespace != self.Namespace)
            {
                continue;
            }

            if (other.Name == self.Name)
            {
                yield return DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateSpec, self.NameLocation, self.Name, self.Namespace, other.FilePath);
                continue;
            }

            string? shared = self.TypeNames.Intersect(other.TypeNames, StringComparer.Ordinal).FirstOrDefault();
            if (shared is not null)
            {
                yield return DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateName, self.NameLocation, "Type", shared, " in namespace '" + self.Namespace + "' (" + other.FilePath + " declares it too)", "rename one of them, or compile one spec into another \"namespace\"");
            }
        }
    }
}
