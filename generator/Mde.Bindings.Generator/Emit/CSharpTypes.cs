using System;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>The C# spelling of spec types, and the JSON helpers that read and write them.</summary>
internal static class CSharpTypes
{
    /// <summary>The C# type of an element (no array, no nullable).</summary>
    public static string Element(TypeRef type, GeneratedNames names) => type.Kind switch
    {
        TypeKind.Primitive => type.Primitive switch
        {
            PrimitiveKind.String => "string",
            PrimitiveKind.Int32 => "int",
            PrimitiveKind.Int64 => "long",
            PrimitiveKind.Bool => "bool",
            PrimitiveKind.Double => "double",
            PrimitiveKind.Json => KnownTypes.JsonElement,
            PrimitiveKind.File => KnownTypes.FormFile,
            _ => KnownTypes.SystemNamespace + "." + ClrName(type.Primitive),
        },
        _ => names.Global(type.Name),
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
        PrimitiveKind.Json => "JsonElement",
        PrimitiveKind.File => "FormFile",
        _ => throw new InvalidOperationException("Unknown primitive " + kind),
    };

    /// <summary>The C# type, with the array and nullable suffixes applied.</summary>
    public static string Full(TypeRef type, GeneratedNames names, bool forceNullable = false)
    {
        string text = type.IsArray
            ? KnownTypes.IReadOnlyList + "<" + Element(type, names) + ">"
            : Element(type, names);
        return type.IsNullable || forceNullable ? text + "?" : text;
    }

    /// <summary>Whether the full C# type is a value type (so that null checks differ).</summary>
    public static bool IsValueType(TypeRef type) => !type.IsArray && type.IsValueTypeElement;

    /// <summary>The <c>global::</c> name of the generated converter of a model or enum.</summary>
    public static string Converter(TypeRef type, GeneratedNames names) => names.Global(GeneratedNames.ConverterOf(type.Name));

    /// <summary>An expression for the converter of an element type, used for arrays and JSON metadata.</summary>
    public static string ElementConverter(TypeRef type, GeneratedNames names) => type.Kind switch
    {
        TypeKind.Primitive => type.Primitive == PrimitiveKind.String
            ? KnownTypes.JsonPrimitives + ".StringElementConverter"
            : KnownTypes.JsonMetadataServices + "." + ClrName(type.Primitive) + "Converter",
        _ => Converter(type, names) + ".Instance",
    };

    /// <summary>An expression that reads a value of <paramref name="type"/> at the reader's current token.</summary>
    public static string ReadExpression(TypeRef type, GeneratedNames names, bool nulPadded)
    {
        if (type.IsArray)
        {
            return KnownTypes.ReadOnlyListJsonConverter + "<" + Element(type, names) + ">.ReadList(ref reader, " + ElementConverter(type, names) + ", options)";
        }

        if (type.Kind != TypeKind.Primitive)
        {
            string read = Converter(type, names) + ".Instance.Read(ref reader, typeof(" + Element(type, names) + "), options)";
            return type.Kind == TypeKind.Enum && type.IsNullable
                ? "reader.TokenType == " + KnownTypes.JsonTokenType + ".Null ? (" + Element(type, names) + "?)null : " + read
                : read;
        }

        if (type.Primitive == PrimitiveKind.Json)
        {
            // Any JSON value, kept as it came; a JSON null is a value too unless the property is nullable.
            string parse = KnownTypes.JsonElement + ".ParseValue(ref reader)";
            return type.IsNullable
                ? "reader.TokenType == " + KnownTypes.JsonTokenType + ".Null ? (" + KnownTypes.JsonElement + "?)null : " + parse
                : parse;
        }

        return type.Primitive == PrimitiveKind.String
            ? KnownTypes.JsonPrimitives + ".ReadString(ref reader" + (nulPadded ? ", trimNul: true" : string.Empty) + ")"
            : KnownTypes.JsonPrimitives + ".Read" + (type.IsNullable ? "Nullable" : string.Empty) + ClrName(type.Primitive) + "(ref reader)";
    }

    /// <summary>A statement that writes <paramref name="value"/> (known not null) as the value of property <paramref name="name"/>.</summary>
    public static string WriteStatement(TypeRef type, GeneratedNames names, string name, string value)
    {
        if (type.IsArray)
        {
            return "writer.WritePropertyName(" + name + "); " + KnownTypes.ReadOnlyListJsonConverter + "<" + Element(type, names) + ">.WriteList(writer, " + value + ", " + ElementConverter(type, names) + ", options);";
        }

        return type.Kind switch
        {
            TypeKind.Model => "writer.WritePropertyName(" + name + "); " + Converter(type, names) + ".Instance.Write(writer, " + value + ", options);",
            TypeKind.Enum => "writer.WriteString(" + name + ", " + value + ".ToString());",
            _ => type.Primitive switch
            {
                PrimitiveKind.String or PrimitiveKind.Uuid or PrimitiveKind.DateTime => "writer.WriteString(" + name + ", " + value + ");",
                PrimitiveKind.Bool => "writer.WriteBoolean(" + name + ", " + value + ");",
                PrimitiveKind.Json => "writer.WritePropertyName(" + name + "); " + value + ".WriteTo(writer);",
                _ => "writer.WriteNumber(" + name + ", " + value + ");",
            },
        };
    }
}
