using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// Reads and writes JSON arrays as <see cref="IReadOnlyList{T}"/> through an element converter, without
/// reflection. Generated models and JSON contexts use it for every array-typed member.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ReadOnlyListJsonConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    private readonly JsonConverter<T> _element;

    /// <summary>Creates a converter that reads each element with <paramref name="element"/>.</summary>
    public ReadOnlyListJsonConverter(JsonConverter<T> element)
    {
        _element = element ?? throw new ArgumentNullException(nameof(element));
    }

    /// <inheritdoc/>
    public override bool HandleNull => false;

    /// <inheritdoc/>
    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadList(ref reader, _element, options)!;

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
        WriteList(writer, value, _element, options);

    /// <summary>Reads an array (the reader is on its start) into a list; a null token gives <see langword="null"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Called only by generated model converters, which always spell the element type.")]
    public static IReadOnlyList<T>? ReadList(ref Utf8JsonReader reader, JsonConverter<T> element, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected a JSON array of {typeof(T).Name} but found {reader.TokenType}.");
        }

        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            items.Add(element.Read(ref reader, typeof(T), options)!);
        }

        return items.ToArray();
    }

    /// <summary>Writes a list as a JSON array.</summary>
    /// <exception cref="JsonException"><paramref name="value"/> is null (generated converters check their required members first).</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Called only by generated model converters, which always spell the element type.")]
    public static void WriteList(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonConverter<T> element, JsonSerializerOptions options)
    {
        if (value is null)
        {
            // Generated converters skip optional lists that are null and reject a required one before writing, naming
            // the member (JsonPrimitives.RequiredIsNull): a null here comes from a direct call.
            throw new JsonException(
                $"A required list member of {typeof(T).Name} items is null, so the model cannot be written as JSON. " +
                $"Set the member to an empty list ([] or Array.Empty<{typeof(T).Name}>()) when it has no items.");
        }

        writer.WriteStartArray();
        for (int i = 0; i < value.Count; i++)
        {
            element.Write(writer, value[i], options);
        }

        writer.WriteEndArray();
    }
}
