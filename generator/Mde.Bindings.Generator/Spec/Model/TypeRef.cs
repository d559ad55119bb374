namespace Mde.Bindings.Generator.Spec.Model;

internal enum TypeKind
{
    Primitive,
    Model,
    Enum,
}

internal enum PrimitiveKind
{
    None,
    String,
    Int32,
    Int64,
    Bool,
    Double,
    Uuid,
    DateTime,

    /// <summary>Any JSON value (<c>json</c>, spec version 2): a <c>System.Text.Json.JsonElement</c>.</summary>
    Json,

    /// <summary>
    /// A file part of a multipart form (<c>file</c>, spec version 2, only in a multipart form model): a
    /// <c>Mde.Bindings.FormFile</c>.
    /// </summary>
    File,
}

/// <summary>
/// A resolved spec type: a primitive, a model or an enum, optionally an array (<c>[]</c>) and optionally
/// nullable (<c>?</c>, which applies to the whole type; array elements are never nullable).
/// </summary>
internal sealed record TypeRef(TypeKind Kind, PrimitiveKind Primitive, string Name, bool IsArray, bool IsNullable)
{
    /// <summary>The type as the spec writes it, for messages.</summary>
    public string SpecText => Name + (IsArray ? "[]" : string.Empty) + (IsNullable ? "?" : string.Empty);

    /// <summary>Whether the C# type of the (non-array) element is a value type.</summary>
    public bool IsValueTypeElement => Kind == TypeKind.Enum || (Kind == TypeKind.Primitive && Primitive != PrimitiveKind.String && Primitive != PrimitiveKind.File);
}
