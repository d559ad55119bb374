using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Mde.Bindings.Emulator.Http;

/// <summary>Writes JSON answers with a Content-Length, through generated metadata or a hand-written writer (never reflection).</summary>
internal static class JsonResponses
{
    public const string ContentType = "application/json; odata.metadata=minimal; charset=utf-8";

    public static Task WriteAsync<T>(HttpContext context, int statusCode, T value, JsonTypeInfo<T> typeInfo) =>
        WriteBytesAsync(context, statusCode, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));

    public static Task WriteAsync(HttpContext context, int statusCode, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.WriterOptions))
        {
            write(writer);
        }

        return WriteBytesAsync(context, statusCode, buffer.WrittenMemory);
    }

    /// <summary>
    /// Writes the OData wrapper <c>{"@odata.context": …, "value": …}</c> the API puts around collections and links,
    /// with <c>@odata.count</c> before the value when <paramref name="count"/> is given (<c>$count=true</c>).
    /// </summary>
    public static Task WriteODataValueAsync(HttpContext context, string metadataFragment, Action<Utf8JsonWriter> writeValue, int? count = null) =>
        WriteAsync(context, StatusCodes.Status200OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("@odata.context", ODataContext(context, metadataFragment));
            if (count is { } total)
            {
                writer.WriteNumber("@odata.count", total);
            }

            writer.WritePropertyName("value");
            writeValue(writer);
            writer.WriteEndObject();
        });

    /// <summary>The <c>@odata.context</c> address for a metadata fragment such as <c>MachineActions/$entity</c>.</summary>
    public static string ODataContext(HttpContext context, string metadataFragment) =>
        $"{context.Request.Scheme}://{context.Request.Host}/api/$metadata#{metadataFragment}";

    private static Task WriteBytesAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
