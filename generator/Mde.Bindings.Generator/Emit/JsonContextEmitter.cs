using System;
using System.Collections.Generic;
using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// Emits <c>{Name}JsonContext</c>: a <c>JsonSerializerContext</c> whose metadata comes from the generated
/// converters. The System.Text.Json generator cannot see generated models, so this one stands in for it:
/// reflection-free and trim/AOT safe, and usable with <c>RefitSettings.ForJsonContext</c>.
/// </summary>
internal static class JsonContextEmitter
{
    /// <summary>The name of the context property that holds the metadata of <paramref name="type"/>.</summary>
    public static string PropertyName(TypeRef type)
    {
        string element = type.Kind == TypeKind.Primitive ? CSharpTypes.ClrName(type.Primitive) : type.Name;
        return type.IsArray ? element + "List" : element;
    }

    public static string Emit(ApiSpec spec)
    {
        GeneratedNames names = spec.Names;
        string name = names.JsonContext;
        SourceWriter w = SourceWriter.ForFile(spec.Namespace).Block($$"""
            /// <summary>JSON metadata for the types of the {{spec.Name}} API, built from the generated converters: no reflection, trim and AOT safe.</summary>
            /// <remarks>Use <see cref="Default"/> with <c>JsonSerializer</c>, or <c>RefitSettings.ForJsonContext({{name}}.Default)</c>.</remarks>
            {{SourceWriter.GeneratedCodeAttribute}}
            {{spec.Accessibility}} sealed partial class {{name}} : {{KnownTypes.JsonSerializerContext}}, {{KnownTypes.IJsonTypeInfoResolver}}
            """);
        w.Open().Block($$"""
            private static readonly {{KnownTypes.JsonSerializerOptions}} s_defaultOptions = new();

            /// <summary>The shared context over default options.</summary>
            public static {{name}} Default { get; } = new(new {{KnownTypes.JsonSerializerOptions}}(s_defaultOptions));

            /// <summary>Creates a context with its own default options.</summary>
            public {{name}}()
                : base(null)
            {
            }

            /// <summary>Creates a context bound to <paramref name="options"/>.</summary>
            public {{name}}({{KnownTypes.JsonSerializerOptions}} options)
                : base(options)
            {
            }

            /// <inheritdoc/>
            protected override {{KnownTypes.JsonSerializerOptions}}? GeneratedSerializerOptions => s_defaultOptions;
            """);

        List<TypeRef> roots = RootTypes(spec);
        foreach (TypeRef root in roots)
        {
            string info = KnownTypes.JsonTypeInfo + "<" + CSharpTypes.Full(root, names) + ">";
            string property = PropertyName(root);
            w.Block($$"""

                private {{info}}? _{{property}};

                /// <summary>Metadata for <c>{{SourceWriter.XmlEscape(root.SpecText)}}</c>.</summary>
                public {{info}} {{property}} =>
                    _{{property}} ??= ({{info}})Options.GetTypeInfo(typeof({{CSharpTypes.Full(root, names)}}));
                """);
        }

        w.Block($$"""

            /// <inheritdoc/>
            public override {{KnownTypes.JsonTypeInfo}}? GetTypeInfo({{KnownTypes.Type}} type)
            {
                Options.TryGetTypeInfo(type, out {{KnownTypes.JsonTypeInfo}}? typeInfo);
                return typeInfo;
            }

            {{KnownTypes.JsonTypeInfo}}? {{KnownTypes.IJsonTypeInfoResolver}}.GetTypeInfo({{KnownTypes.Type}} type, {{KnownTypes.JsonSerializerOptions}} options)
            """);
        w.Open();
        foreach (TypeRef root in roots)
        {
            string type = CSharpTypes.Full(root, names);
            string converter = root.IsArray
                ? "new " + KnownTypes.ReadOnlyListJsonConverter + "<" + CSharpTypes.Element(root, names) + ">(" + CSharpTypes.ElementConverter(root, names) + ")"
                : CSharpTypes.ElementConverter(root, names);
            w.Block($$"""
                if (type == typeof({{type}}))
                {
                    return {{KnownTypes.JsonMetadataServices}}.CreateValueInfo<{{type}}>(options, {{converter}});
                }

                """);
        }

        w.Line("return null;");
        return w.Close().Close().Finish();
    }

    /// <summary>Every model and enum, plus each other type an operation sends or returns.</summary>
    private static List<TypeRef> RootTypes(ApiSpec spec)
    {
        var roots = new List<TypeRef>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ModelSpec model in spec.Models.Where(m => !m.IsForm))
        {
            roots.Add(new TypeRef(TypeKind.Model, PrimitiveKind.None, model.Name, false, false));
            names.Add(model.Name);
        }

        foreach (EnumSpec @enum in spec.Enums)
        {
            roots.Add(new TypeRef(TypeKind.Enum, PrimitiveKind.None, @enum.Name, false, false));
            names.Add(@enum.Name);
        }

        IEnumerable<TypeRef?> used = spec.Endpoints.SelectMany(e => new[] { e.IsMultipartBody ? null : e.Body, e.Returns.Type });
        foreach (TypeRef? type in used)
        {
            if (type is not null && names.Add(PropertyName(type)))
            {
                roots.Add(type with { IsNullable = false });
            }
        }

        return roots;
    }
}
