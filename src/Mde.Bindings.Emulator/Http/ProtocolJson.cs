using System.Text.Encodings.Web;
using System.Text.Json;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Http;

/// <summary>
/// The generated protocol metadata, bound to options that leave '&amp;', '+' and quotes unescaped as the service
/// writes them (answers are JSON for programs, never embedded in HTML).
/// </summary>
internal static class ProtocolJson
{
    public static JsonWriterOptions WriterOptions { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static LiveResponseJsonContext Context { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
