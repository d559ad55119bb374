using System;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>The C# spelling of spec types, and the JSON helpers that read and write them.</summary>
internal static class CSharpTypes
{
    public const string ListConverter = "global::Mde.Bindings.GeneratedCode.ReadOnlyListJsonConverter";
    public const string Primitives = "global::Mde.Bindings.GeneratedCode.JsonPrimitives";
    public const string Metadata = "global::System.Text.Json.Serialization.Metadata.JsonMetadataServices";

    /// <summary>The C# type of an element (no array, no nullable).</summary>
    public static string Element(TypeRef type, string ns) => type.Kind switch
    {
        TypeKind.Primitive => type.Primitive switch
        {
            PrimitiveKind.String => "string",
            PrimitiveKind.Int32 => "int",
            PrimitiveKind.Int64 => "long",
            PrimitiveKind.Bool => "bool",
            PrimitiveKind.Double => "double",
            _ => "global::System." + ClrName(type.Primitive),
        },
        _ => "global::" + ns + "." + type.Name,
    };

    /// <summary>
    /// The name of the BCL type of a primitive, which also names its JSON helpers (<c>ReadInt32</c>,
    /// <c>Int32Converter</c>) and its JSON context property.
    /// </summary>
    public static string ClrName(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.String => "String",
        PrimitiveKind.Int32 => "Int32",
        PrimitiveKind.Int64 => "Int64",
        PrimitiveKind.Bool => "Boolean",
        PrimitiveKind.Double => "Double",
        PrimitiveKind.Uuid => "Guid",
        PrimitiveKind.DateTime => "DateTimeOffset",
        _ => throw new InvalidOperationException("Unknown primitive " + kind),
    };

    /// <summary>The C# type, with the array and nullable suffixes applied.</summary>
    public static string Full(TypeRef type, string ns, bool forceNullable = false)
    {
        string text = type.IsArray
            ? "global::System.Collections.Generic.IReadOnlyList<" + Element(type, ns) + ">"
            : Element(type, ns);
        return type.IsNullable || forceNullable ? text + "?" : text;
    }

    /// <summary>Whether the full C# type is a value type (so that null checks differ).</summary>
    public static bool IsValueType(TypeRef type) => !type.IsArray && type.IsValueTypeElement;

    /// <summary>An expression for the converter of an element type, used for arrays and JSON metadata.</summary>
    public static string ElementConverter(TypeRef type, string ns) => type.Kind switch
    {
        TypeKind.Primitive => type.Primitive == PrimitiveKind.String
            ? Primitives + ".StringElementConverter"
            : Metadata + "." + ClrName(type.Primitive) + "Converter",
        _ => "global::" + ns + "." + type.Name + "JsonConverter.Instance",
    };

    /// <summary>An expression that reads a value of <paramref name="type"/> at the reader's current token.</summary>
    public static string ReadExpression(TypeRef type, string ns, bool nulPadded)
    {
        if (type.IsArray)
        {
            return ListConverter + "<" + Element(type, ns) + ">.ReadList(ref reader, " + ElementConverter(type, ns) + ", options)";
        }

        if (type.Kind != TypeKind.Primitive)
        {
            string read = "global::" + ns + "." + type.Name + "JsonConverter.Instance.Read(ref reader, typeof(" + Element(type, ns) + "), options)";
            return type.Kind == TypeKind.Enum && type.IsNullable
                ? "reader.TokenType == global::System.Text.Json.JsonTokenType.Null ? (" + Element(type, ns) + "?)null : " + read
                : read;
        }

        return type.Primitive == PrimitiveKind.String
            ? Primitives + ".ReadString(ref reader" + (nulPadded ? ", trimNul: true" : string.Empty) + ")"
            : Primitives + ".Read" + (type.IsNullable ? "Nullable" : string.Empty) + ClrName(type.Primitive) + "(ref reader)";
    }

    /// <summary>A statement that writes <paramref name="value"/> (known not null) as the value of property <paramref name="name"/>.</summary>
    public static string WriteStatement(TypeRef type, string ns, string name, string value)
    {
        if (type.IsArray)
        {
            return "writer.WritePropertyName(" + name + "); " + ListConverter + "<" + Element(type, ns) + ">.WriteList(writer, " + value + ", " + ElementConverter(type, ns) + ", options);";
        }

        return type.Kind switch
        {
            TypeKind.Model => "writer.WritePropertyName(" + name + "); global::" + ns + "." + type.Name + "JsonConverter.Instance.Write(writer, " + value + ", options);",
            TypeKind.Enum => "writer.WriteString(" + name + ", " + value + ".ToString());",
            _ => type.Primitive switch
            {
                PrimitiveKind.String or PrimitiveKind.Uuid or PrimitiveKind.DateTime => "writer.WriteString(" + name + ", " + value + ");",
                PrimitiveKind.Bool => "writer.WriteBoolean(" + name + ", " + value + ");",
                _ => "writer.WriteNumber(" + name + ", " + value + ");",
            },
        };
    }
}
