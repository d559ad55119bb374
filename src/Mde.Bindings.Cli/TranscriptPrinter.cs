using Mde.Bindings.LiveResponse;
using Mde.Bindings.Transcripts;
using TranscriptJson = Mde.Bindings.Protocol.LiveResponseTranscript.JsonNames;

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

            if (command.ResultStatus == CommandResultStatus.NotCollected)
            {
                output.WriteLine("  result not collected: " + command.ResultError);
                output.WriteLine("  fetch it later with: " + FetchLater(result.MachineActionId, command));
            }
        }
    }

    /// <summary>The <c>mde-lr result</c> command that asks for a command's result again.</summary>
    public static string FetchLater(string machineActionId, CommandResult command) =>
        $"mde-lr result {machineActionId} --index {command.Index}" + (command.Command.Type == "RunScript" ? string.Empty : " --output <folder>");

    /// <summary>The stderr line for a result the action made but that could not be collected, with how to fetch it later.</summary>
    public static void ReportNotCollected(TextWriter error, string machineId, string machineActionId, CommandResult command) =>
        error.WriteLine($"mde-lr: {machineId}: the result of command #{command.Index} was not collected: {command.ResultError} Fetch it later with: {FetchLater(machineActionId, command)}");

    public static void PrintReadable(TextWriter output, ScriptTranscript transcript)
    {
        output.WriteLine($"{transcript.ScriptName} — exit code {transcript.ExitCode}");
        Section(output, "output", transcript.Output);
        Section(output, "errors", transcript.Errors);
    }

    /// <summary>
    /// The transcripts as a JSON array: <c>machine_id</c> and <c>machine_action_id</c> (always), then the four transcript
    /// keys <c>script_name</c>, <c>exit_code</c>, <c>script_output</c>, <c>script_errors</c>; then one entry per result
    /// that could not be collected (the same keys, null where unknown, with <c>command</c>, <c>result_status</c>
    /// <c>not_collected</c> and <c>result_error</c>). The transcript keys are the spec's names, those the runtime reads.
    /// </summary>
    public static void PrintJson(TextWriter output, IEnumerable<TranscriptOrigin> transcripts, IEnumerable<(string MachineId, string MachineActionId, CommandResult Command)>? notCollected = null) =>
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartArray();
            foreach (TranscriptOrigin origin in transcripts)
            {
                writer.WriteStartObject();
                writer.WriteString("machine_id", origin.MachineId);
                writer.WriteString("machine_action_id", origin.MachineActionId);
                writer.WriteString(TranscriptJson.ScriptName, origin.Transcript.ScriptName);
                writer.WriteNumber(TranscriptJson.ExitCode, origin.Transcript.ExitCode);
                writer.WriteString(TranscriptJson.ScriptOutput, origin.Transcript.Output);
                writer.WriteString(TranscriptJson.ScriptErrors, origin.Transcript.Errors);
                writer.WriteEndObject();
            }

            foreach ((string machineId, string machineActionId, CommandResult command) in notCollected ?? [])
            {
                writer.WriteStartObject();
                writer.WriteString("machine_id", machineId);
                writer.WriteString("machine_action_id", machineActionId);

                writer.WriteString(TranscriptJson.ScriptName, command.Command.Type == "RunScript" ? command.Command["ScriptName"] : null);
                writer.WriteNull(TranscriptJson.ExitCode);
                writer.WriteNull(TranscriptJson.ScriptOutput);
                writer.WriteNull(TranscriptJson.ScriptErrors);
                writer.WriteString("command", command.Command.ToString());
                writer.WriteString("result_status", "not_collected");
                writer.WriteString("result_error", command.ResultError);
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
