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
        string ns = spec.Namespace;
        string name = spec.Name + "JsonContext";
        SourceWriter w = SourceWriter.ForFile(ns);
        w.Line("/// <summary>JSON metadata for the types of the " + spec.Name + " API, built from the generated converters: no reflection, trim and AOT safe.</summary>");
        w.Line("/// <remarks>Use <see cref=\"Default\"/> with <c>JsonSerializer</c>, or <c>RefitSettings.ForJsonContext(" + name + ".Default)</c>.</remarks>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line(spec.Accessibility + " sealed partial class " + name + " : global::System.Text.Json.Serialization.JsonSerializerContext, global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver");
        w.Open();
        w.Line("private static readonly global::System.Text.Json.JsonSerializerOptions s_defaultOptions = new();");
        w.Line();
        w.Line("/// <summary>The shared context over default options.</summary>");
        w.Line("public static " + name + " Default { get; } = new(new global::System.Text.Json.JsonSerializerOptions(s_defaultOptions));");
        w.Line();
        w.Line("/// <summary>Creates a context with its own default options.</summary>");
        w.Line("public " + name + "()");
        w.Line("    : base(null)");
        w.Open().Close();
        w.Line();
        w.Line("/// <summary>Creates a context bound to <paramref name=\"options\"/>.</summary>");
        w.Line("public " + name + "(global::System.Text.Json.JsonSerializerOptions options)");
        w.Line("    : base(options)");
        w.Open().Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("protected override global::System.Text.Json.JsonSerializerOptions? GeneratedSerializerOptions => s_defaultOptions;");

        List<TypeRef> roots = RootTypes(spec);
        foreach (TypeRef root in roots)
        {
            string type = CSharpTypes.Full(root, ns);
            string property = PropertyName(root);
            w.Line();
            w.Line("private global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<" + type + ">? _" + property + ";");
            w.Line();
            w.Line("/// <summary>Metadata for <c>" + SourceWriter.XmlEscape(root.SpecText) + "</c>.</summary>");
            w.Line("public global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<" + type + "> " + property + " =>");
            w.Line("    _" + property + " ??= (global::System.Text.Json.Serialization.Metadata.JsonTypeInfo<" + type + ">)Options.GetTypeInfo(typeof(" + type + "));");
        }

        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? GetTypeInfo(global::System.Type type)");
        w.Open();
        w.Line("Options.TryGetTypeInfo(type, out global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? typeInfo);");
        w.Line("return typeInfo;");
        w.Close();
        w.Line();
        w.Line("global::System.Text.Json.Serialization.Metadata.JsonTypeInfo? global::System.Text.Json.Serialization.Metadata.IJsonTypeInfoResolver.GetTypeInfo(global::System.Type type, global::System.Text.Json.JsonSerializerOptions options)");
        w.Open();
        foreach (TypeRef root in roots)
        {
            string type = CSharpTypes.Full(root, ns);
            string converter = root.IsArray
                ? "new " + CSharpTypes.ListConverter + "<" + CSharpTypes.Element(root, ns) + ">(" + CSharpTypes.ElementConverter(root, ns) + ")"
                : CSharpTypes.ElementConverter(root, ns);
            w.Line("if (type == typeof(" + type + "))");
            w.Open();
            w.Line("return " + CSharpTypes.Metadata + ".CreateValueInfo<" + type + ">(options, " + converter + ");");
            w.Close();
            w.Line();
        }

        w.Line("return null;");
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>Every model and enum, plus each other type an operation sends or returns.</summary>
    private static List<TypeRef> RootTypes(ApiSpec spec)
    {
        var roots = new List<TypeRef>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (ModelSpec model in spec.Models)
        {
            roots.Add(new TypeRef(TypeKind.Model, PrimitiveKind.None, model.Name, false, false));
            names.Add(model.Name);
        }

        foreach (EnumSpec @enum in spec.Enums)
        {
            roots.Add(new TypeRef(TypeKind.Enum, PrimitiveKind.None, @enum.Name, false, false));
            names.Add(@enum.Name);
        }

        IEnumerable<TypeRef?> used = spec.Endpoints.SelectMany(e => new[] { e.Body, e.Returns.Type });
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
