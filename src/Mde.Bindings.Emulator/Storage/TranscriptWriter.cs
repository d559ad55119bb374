using System.Buffers;
using System.Text.Json;
using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.Scripts;

namespace Mde.Bindings.Emulator.Storage;

/// <summary>Writes a RunScript transcript in the documented spelling, or in the seed document's older one.</summary>
internal static class TranscriptWriter
{
    // The seed document's example ends script_output with three NUL characters.
    private const string NulPadding = "\0\0\0";

    public static byte[] Write(StoredTranscript transcript, TranscriptStyle style)
    {
        if (style == TranscriptStyle.Documented)
        {
            var model = new LiveResponseTranscript
            {
                ScriptName = transcript.ScriptName,
                ExitCode = transcript.ExitCode,
                ScriptOutput = transcript.Output,
                ScriptErrors = transcript.Errors,
            };
            return JsonSerializer.SerializeToUtf8Bytes(model, ProtocolJson.Context.LiveResponseTranscript);
        }

        // The spec writes only the documented names, so the older spelling is written by hand.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("name", transcript.ScriptName);
            writer.WriteNumber("exit_code", transcript.ExitCode);
            writer.WriteString("script_output", transcript.Output + NulPadding);
            writer.WriteString("script_error", transcript.Errors);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
