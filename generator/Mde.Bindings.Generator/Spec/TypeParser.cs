using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Spec;

/// <summary>The type grammar of specs: <c>name</c>, then an optional <c>[]</c>, then an optional <c>?</c>.</summary>
internal static class TypeParser
{
    public const string Bytes = "bytes";

    /// <summary>Any JSON value; spec version 2.</summary>
    public const string Json = "json";

    /// <summary>A file part of a multipart form; spec version 2, only in a multipart form model.</summary>
    public const string File = "file";

    public const string PrimitiveList = "string, int32, int64, bool, double, uuid, datetime, json (specVersion 2)";

    public static bool IsPrimitiveKeyword(string name) => ToPrimitive(name) != PrimitiveKind.None || name == Bytes;

    public static PrimitiveKind ToPrimitive(string name) => name switch
    {
        "string" => PrimitiveKind.String,
        "int32" => PrimitiveKind.Int32,
        "int64" => PrimitiveKind.Int64,
        "bool" => PrimitiveKind.Bool,
        "double" => PrimitiveKind.Double,
        "uuid" => PrimitiveKind.Uuid,
        "datetime" => PrimitiveKind.DateTime,
        Json => PrimitiveKind.Json,
        File => PrimitiveKind.File,
        _ => PrimitiveKind.None,
    };

    /// <summary>Splits a type string into its name and suffixes, or says why it cannot.</summary>
    public static bool TryParse(string text, out string name, out bool isArray, out bool isNullable, out string? error)
    {
        name = text;
        isArray = false;
        isNullable = false;
        error = null;
        string rest = text;
        if (rest.EndsWith("?", System.StringComparison.Ordinal))
        {
            isNullable = true;
            rest = rest.Substring(0, rest.Length - 1);
        }

        if (rest.EndsWith("[]", System.StringComparison.Ordinal))
        {
            isArray = true;
            rest = rest.Substring(0, rest.Length - 2);
        }

        if (rest.EndsWith("?", System.StringComparison.Ordinal))
        {
            error = "array elements cannot be nullable: write " + rest.TrimEnd('?') + "[]" + (isNullable ? "?" : string.Empty);
            return false;
        }

        if (rest.EndsWith("[]", System.StringComparison.Ordinal))
        {
            error = "arrays of arrays are not supported: wrap the inner array in a model";
            return false;
        }

        if (rest.Length == 0 || (!IsPrimitiveKeyword(rest) && Naming.WhyNotIdentifier(rest) is not null))
        {
            error = null;
            name = rest;
            return false;
        }

        name = rest;
        return true;
    }
}
