using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// Readers for the primitive JSON values of generated models. Generated converters call these so that
/// they stay short; a wrong token surfaces as a <see cref="JsonException"/> that names the expected type.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonPrimitives
{
    /// <summary>
    /// The built-in string converter, typed for non-null elements so that it fits <c>IReadOnlyList&lt;string&gt;</c>
    /// members (the built-in one is declared for <c>string?</c>).
    /// </summary>
    public static JsonConverter<string> StringElementConverter { get; } = JsonMetadataServices.StringConverter!;

    /// <summary>Reads a string or null; with <paramref name="trimNul"/>, trailing NUL padding is removed.</summary>
    public static string? ReadString(ref Utf8JsonReader reader, bool trimNul = false)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.String, "a string");
        string value = reader.GetString()!;
        return trimNul ? value.TrimEnd('\0') : value;
    }

    /// <summary>Reads a 32-bit integer.</summary>
    public static int ReadInt32(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "a 32-bit integer");
        return reader.GetInt32();
    }

    /// <summary>Reads a 32-bit integer or null.</summary>
    public static int? ReadNullableInt32(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : ReadInt32(ref reader);

    /// <summary>Reads a 64-bit integer.</summary>
    public static long ReadInt64(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "a 64-bit integer");
        return reader.GetInt64();
    }

    /// <summary>Reads a 64-bit integer or null.</summary>
    public static long? ReadNullableInt64(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : ReadInt64(ref reader);

    /// <summary>Reads a number as a double.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.Number, "a number");
        return reader.GetDouble();
    }

    /// <summary>Reads a number or null.</summary>
    public static double? ReadNullableDouble(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : ReadDouble(ref reader);

    /// <summary>Reads true or false.</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
        {
            throw Unexpected(ref reader, "true or false");
        }

        return reader.TokenType == JsonTokenType.True;
    }

    /// <summary>Reads true, false or null.</summary>
    public static bool? ReadNullableBoolean(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : ReadBoolean(ref reader);

    /// <summary>Reads a GUID string.</summary>
    public static Guid ReadGuid(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "a GUID string");
        if (!reader.TryGetGuid(out Guid value) && !Guid.TryParse(reader.GetString(), out value))
        {
            throw new JsonException("Expected a GUID string.");
        }

        return value;
    }

    /// <summary>Reads a GUID string or null.</summary>
    public static Guid? ReadNullableGuid(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : ReadGuid(ref reader);

    /// <summary>Reads an ISO 8601 date and time.</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.String, "an ISO 8601 date and time string");
        if (!reader.TryGetDateTimeOffset(out DateTimeOffset value))
        {
            throw new JsonException("Expected an ISO 8601 date and time string.");
        }

        return value;
    }

    /// <summary>Reads an ISO 8601 date and time or null.</summary>
    public static DateTimeOffset? ReadNullableDateTimeOffset(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadDateTimeOffset(ref reader);

    /// <summary>Throws unless the reader is at the start of an object.</summary>
    public static void ExpectStartObject(ref Utf8JsonReader reader, string typeName)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for {typeName} but found {Describe(reader.TokenType)}.");
        }
    }

    /// <summary>Throws a <see cref="JsonException"/> that names a required member the JSON left out.</summary>
    public static JsonException MissingRequired(string typeName, string jsonName) =>
        new($"The JSON object for {typeName} has no '{jsonName}' member, which is required.");

    /// <summary>
    /// Throws a <see cref="JsonException"/> that names a required member left null in a model being written (set with
    /// <c>null!</c>): a model read from JSON never has one, and the wire format has no null for it.
    /// </summary>
    public static JsonException RequiredIsNull(string typeName, string jsonName) =>
        new($"The {typeName} being written has null for '{jsonName}', which is required and has no null on the wire: set it (a list with nothing in it to an empty list) before the model is written.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType expected, string what)
    {
        if (reader.TokenType != expected)
        {
            throw Unexpected(ref reader, what);
        }
    }

    private static JsonException Unexpected(ref Utf8JsonReader reader, string what) =>
        new($"Expected {what} but found {Describe(reader.TokenType)}.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
