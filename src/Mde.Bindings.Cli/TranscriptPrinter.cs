using Mde.Bindings.LiveResponse;
using Mde.Bindings.Transcripts;

namespace Mde.Bindings.Cli;

/// <summary>Prints results for people (exit code, output, errors, saved files) or as a JSON array of transcripts.</summary>
internal static class TranscriptPrinter
{
    public static void PrintReadable(TextWriter output, string machineId, LiveResponseResult? result)
    {
        if (result is null)
        {
            return;
        }

        output.WriteLine($"== {machineId} · action {result.MachineActionId} · {result.State}");
        foreach (CommandResult command in result.Commands)
        {
            output.WriteLine($"#{command.Index} {command.Command} — {command.Status}" + (command.Transcript is { } t ? $", exit code {t.ExitCode}" : string.Empty));
            foreach (string error in command.Errors)
            {
                output.WriteLine("  error: " + error);
            }

            if (command.Transcript is { } transcript)
            {
                Section(output, "output", transcript.Output);
                Section(output, "errors", transcript.Errors);
            }

            if (command.FilePath is not null)
            {
                output.WriteLine("  saved to " + command.FilePath);
            }
        }
    }

    public static void PrintReadable(TextWriter output, ScriptTranscript transcript)
    {
        output.WriteLine($"{transcript.ScriptName} — exit code {transcript.ExitCode}");
        Section(output, "output", transcript.Output);
        Section(output, "errors", transcript.Errors);
    }

    /// <summary>
    /// The transcripts as a JSON array: <c>machine_id</c> and <c>machine_action_id</c> (always), then the four transcript
    /// keys <c>script_name</c>, <c>exit_code</c>, <c>script_output</c>, <c>script_errors</c>.
    /// </summary>
    public static void PrintJson(TextWriter output, IEnumerable<TranscriptOrigin> transcripts) =>
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartArray();
            foreach (TranscriptOrigin origin in transcripts)
            {
                writer.WriteStartObject();
                writer.WriteString("machine_id", origin.MachineId);
                writer.WriteString("machine_action_id", origin.MachineActionId);
                writer.WriteString("script_name", origin.Transcript.ScriptName);
                writer.WriteNumber("exit_code", origin.Transcript.ExitCode);
                writer.WriteString("script_output", origin.Transcript.Output);
                writer.WriteString("script_errors", origin.Transcript.Errors);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    private static void Section(TextWriter output, string name, string text)
    {
        if (text.Length == 0)
        {
            output.WriteLine($"  {name}: (none)");
            return;
        }

        output.WriteLine($"  {name}:");
        foreach (string line in text.TrimEnd('\n', '\r').Split('\n'))
        {
            output.WriteLine("    " + line.TrimEnd('\r'));
        }
    }
}
