using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Http;

/// <summary>Reads JSON request bodies through generated metadata; a body that does not fit is an InvalidRequestBody.</summary>
internal static class RequestBodies
{
    public static async Task<(T? Value, RequestError? Error)> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            T? value = await JsonSerializer.DeserializeAsync(context.Request.Body, typeInfo, context.RequestAborted).ConfigureAwait(false);
            return value is null
                ? (null, RequestError.InvalidRequestBody($"The request body must be a JSON {typeof(T).Name} object."))
                : (value, null);
        }
        catch (JsonException e)
        {
            // Member names are case-sensitive (Commands, not commands): the reader's message names what is missing.
            return (null, RequestError.InvalidRequestBody($"Request body is incorrect: {e.Message}"));
        }
    }
}
