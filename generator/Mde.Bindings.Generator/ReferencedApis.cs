using System;
using System.Linq;
using System.Threading;
using Mde.Bindings.Generator.Common;
using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Generator;

/// <summary>
/// The public APIs that referenced assemblies already hold (marked <c>[assembly: Mde.Bindings.GeneratedCode.GeneratedApi(ns, name)]</c>
/// by this generator): a project that references such an assembly uses its types instead of generating a second copy.
/// Only assemblies that reference Mde.Bindings are looked at, so most references cost a name comparison.
/// </summary>
internal static class ReferencedApis
{
    public static EquatableArray<string> Find(Compilation compilation, CancellationToken cancellationToken)
    {
        var found = new System.Collections.Generic.List<string>();
        foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == "Mde.Bindings")))
            {
                continue;
            }

            foreach (AttributeData attribute in assembly.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "GeneratedApiAttribute", ContainingNamespace: { Name: "GeneratedCode", ContainingNamespace: { Name: "Bindings", ContainingNamespace: { Name: "Mde", ContainingNamespace.IsGlobalNamespace: true } } } }
                    && attribute.ConstructorArguments.Length == 2
                    && attribute.ConstructorArguments[0].Value is string ns
                    && attribute.ConstructorArguments[1].Value is string name)
                {
                    found.Add(Key(ns, name));
                }
            }
        }

        return found.Distinct(StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal).ToEquatableArray();
    }

    public static string Key(string @namespace, string name) => @namespace + "." + name;
}
