using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mde.Bindings.Cli;

/// <summary>Writes indented JSON to a text writer (stdout), the one way the tool prints JSON.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Flush();
    }
}
