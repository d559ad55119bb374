using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Mde.Bindings;

/// <summary>
/// Maps rows that a spec declares as <c>json[]</c> (such as advanced hunting's <c>Results</c>, whose columns depend on
/// the query) to a type of your own, without reflection: pass the <see cref="JsonTypeInfo{T}"/> of your own
/// <c>JsonSerializerContext</c>.
/// </summary>
/// <example>
/// <code>
/// // [JsonSerializable(typeof(ProcessRow))] partial class HuntingJson : JsonSerializerContext { }
/// IReadOnlyList&lt;ProcessRow&gt; rows = response.Results.MapRows(HuntingJson.Default.ProcessRow);
/// </code>
/// </example>
public static class JsonRows
{
    /// <summary>Reads each row as <typeparamref name="T"/>.</summary>
    /// <param name="rows">The rows as the service sent them.</param>
    /// <param name="rowType">How to read one row.</param>
    /// <returns>The rows, in order.</returns>
    /// <exception cref="MdeResponseFormatException">A row is JSON null or does not fit <typeparamref name="T"/>; the message names its index.</exception>
    public static IReadOnlyList<T> MapRows<T>(this IReadOnlyList<JsonElement> rows, JsonTypeInfo<T> rowType)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(rowType);
        var mapped = new T[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            try
            {
                mapped[i] = rows[i].Deserialize(rowType)
                    ?? throw new MdeResponseFormatException($"Row {i} is JSON null; a {typeof(T).Name} was expected.");
            }
            catch (JsonException ex)
            {
                throw new MdeResponseFormatException($"Row {i} is not a valid {typeof(T).Name}: {ex.Message}", ex);
            }
            catch (InvalidOperationException ex) when (rows[i].ValueKind == JsonValueKind.Undefined)
            {
                throw new MdeResponseFormatException($"Row {i} holds no JSON value (a default JsonElement); a {typeof(T).Name} was expected.", ex);
            }
        }

        return mapped;
    }
}
