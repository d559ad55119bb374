using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// Reads one page of an OData collection, <c>{"@odata.context": …, "@odata.count": n, "value": [ … ], "@odata.nextLink": "…"}</c>,
/// without reflection: the items through the generated metadata of their type, the rest by hand.
/// </summary>
internal static class ODataPageReader
{
    /// <summary>Reads <paramref name="body"/>, the answer to a request to <paramref name="requestUri"/>.</summary>
    /// <exception cref="MdeResponseFormatException">The body is not such a page.</exception>
    public static ODataPage<T> Read<T>(EndpointDescription endpoint, Uri requestUri, byte[] body, JsonTypeInfo<T> itemType)
    {
        List<T>? items = null;
        Uri? nextLink = null;
        long? count = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MdeResponseFormatException($"{endpoint.Name} answered with a body that is not a JSON object; an OData page with a 'value' array was expected.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // OData names are case-sensitive, but users report the service's and tools' spellings drifting
                // (@odata.nextlink): the annotations are matched without case, the items under their exact name.
                string name = reader.GetString()!;
                reader.Read();
                if (name == "value")
                {
                    items = ReadItems(endpoint, ref reader, itemType);
                }
                else if (name.Equals("@odata.nextLink", StringComparison.OrdinalIgnoreCase))
                {
                    nextLink = ReadNextLink(endpoint, ref reader, requestUri);
                }
                else if (name.Equals("@odata.count", StringComparison.OrdinalIgnoreCase))
                {
                    count = ReadCount(endpoint, ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new MdeResponseFormatException($"{endpoint.Name} answered with a page that is not valid JSON of {typeof(T).Name} items: {ex.Message}", ex);
        }

        if (items is null)
        {
            throw new MdeResponseFormatException($"{endpoint.Name} answered with a JSON object that has no 'value' array; an OData page was expected.");
        }

        return new ODataPage<T>(items, nextLink, count) { RequestUri = requestUri };
    }

    private static List<T> ReadItems<T>(EndpointDescription endpoint, ref Utf8JsonReader reader, JsonTypeInfo<T> itemType)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new MdeResponseFormatException($"{endpoint.Name} answered with a 'value' that is {reader.TokenType}, not an array of {typeof(T).Name}.");
        }

        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            T? item = JsonSerializer.Deserialize(ref reader, itemType);
            items.Add(item ?? throw new MdeResponseFormatException($"{endpoint.Name} answered with a null item at index {items.Count} of 'value'; a {typeof(T).Name} was expected."));
        }

        return items;
    }

    private static Uri? ReadNextLink(EndpointDescription endpoint, ref Utf8JsonReader reader, Uri requestUri)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new MdeResponseFormatException($"{endpoint.Name} answered with an '@odata.nextLink' that is {reader.TokenType}, not a string.");
        }

        string text = reader.GetString()!;
        if (text.Length == 0)
        {
            return null;
        }

        // OData allows a relative next link; it is resolved against the request, as a browser would.
        if (!Uri.TryCreate(requestUri, text, out Uri? link))
        {
            throw new MdeResponseFormatException($"{endpoint.Name} answered with an '@odata.nextLink' that is not a URI.");
        }

        return link;
    }

    private static long ReadCount(EndpointDescription endpoint, ref Utf8JsonReader reader)
    {
        // OData writes the count as a string when the client asks for IEEE 754 compatibility.
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long number) && number >= 0)
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && long.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out long parsed))
        {
            return parsed;
        }

        throw new MdeResponseFormatException($"{endpoint.Name} answered with an '@odata.count' that is not a whole number of items.");
    }
}
