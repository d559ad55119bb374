using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Http;

/// <summary>
/// Reads JSON request bodies through generated metadata, as strictly as the service: member names are
/// case-sensitive (<c>Commands</c>, not <c>commands</c>), and a body that does not fit is an InvalidRequestBody.
/// </summary>
internal static class RequestBodies
{
    public static async Task<(T? Value, RequestError? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        byte[] body = buffer.ToArray();
        try
        {
            T? value = JsonSerializer.Deserialize(body, typeInfo);
            if (value is null)
            {
                return (null, RequestError.InvalidRequestBody($"The request body must be a JSON {typeof(T).Name} object."));
            }

            // The generated reader forgives letter case (clients should); the service does not. Writing the value back
            // gives the spec's spellings to compare the body's member names with.
            using JsonDocument sent = JsonDocument.Parse(body);
            using JsonDocument canonical = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
            return FindMiscased(sent.RootElement, canonical.RootElement) is { } miscased
                ? (null, RequestError.InvalidRequestBody($"Request body is incorrect: member names are case-sensitive, write '{miscased.Expected}' instead of '{miscased.Sent}'."))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, RequestError.InvalidRequestBody($"Request body is incorrect: {e.Message}"));
        }
    }

    private static (string Sent, string Expected)? FindMiscased(JsonElement sent, JsonElement canonical)
    {
        if (sent.ValueKind == JsonValueKind.Object && canonical.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty member in sent.EnumerateObject())
            {
                JsonProperty? match = canonical.EnumerateObject().Cast<JsonProperty?>()
                    .FirstOrDefault(p => string.Equals(p!.Value.Name, member.Name, StringComparison.OrdinalIgnoreCase));
                if (match is not { } expected)
                {
                    continue;
                }

                if (!string.Equals(expected.Name, member.Name, StringComparison.Ordinal))
                {
                    return (member.Name, expected.Name);
                }

                if (FindMiscased(member.Value, expected.Value) is { } inner)
                {
                    return inner;
                }
            }
        }
        else if (sent.ValueKind == JsonValueKind.Array && canonical.ValueKind == JsonValueKind.Array && sent.GetArrayLength() == canonical.GetArrayLength())
        {
            for (int i = 0; i < sent.GetArrayLength(); i++)
            {
                if (FindMiscased(sent[i], canonical[i]) is { } inner)
                {
                    return inner;
                }
            }
        }

        return null;
    }
}
