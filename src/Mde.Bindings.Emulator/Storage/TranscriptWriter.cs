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

        // The model writes only the documented names, so the older spelling (the spec's first alias) is written by hand.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, ProtocolJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(LiveResponseTranscript.JsonAliases.ScriptName[0], transcript.ScriptName);
            writer.WriteNumber(LiveResponseTranscript.JsonNames.ExitCode, transcript.ExitCode);
            writer.WriteString(LiveResponseTranscript.JsonNames.ScriptOutput, transcript.Output + NulPadding);
            writer.WriteString(LiveResponseTranscript.JsonAliases.ScriptErrors[0], transcript.Errors);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
