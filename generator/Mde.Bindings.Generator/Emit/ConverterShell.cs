using System;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// The class every generated JSON converter shares, for models and enums alike: documentation, attributes, the
/// base class and the stateless shared instance. The caller writes the members that differ.
/// </summary>
internal static class ConverterShell
{
    public static void Write(SourceWriter w, ApiSpec spec, string typeName, string converterName, string whatItReads, Action<SourceWriter> members)
    {
        string type = spec.Names.Global(typeName);
        w.Block($$"""
            /// <summary>Reads and writes <see cref="{{type}}"/> {{whatItReads}}.</summary>
            {{SourceWriter.GeneratedCodeAttribute}}
            {{SourceWriter.EditorBrowsableNever}}
            {{spec.Accessibility}} sealed class {{converterName}} : {{KnownTypes.JsonConverter}}<{{type}}>
            """);
        w.Open().Block($$"""
            /// <summary>The shared instance; the converter holds no state.</summary>
            public static readonly {{converterName}} Instance = new();

            """);
        members(w);
        w.Close();
    }

    /// <summary>The attribute that makes plain <c>JsonSerializer</c> calls use the converter.</summary>
    public static string Attribute(GeneratedNames names, string converterName) =>
        "[" + KnownTypes.JsonConverter + "(typeof(" + names.Global(converterName) + "))]";
}
