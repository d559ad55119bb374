using System.CommandLine;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Transcripts;

namespace Mde.Bindings.Cli.Commands;

/// <summary><c>mde-lr status|result|cancel &lt;actionId&gt;</c>: look at, download from, or stop one machine action.</summary>
internal static class ActionCommands
{
    public static Command Status(CliEnvironment environment)
    {
        var actionId = new Argument<string>("actionId") { Description = "The machine action id." }.NotBlank("the machine action id");
        var json = new Option<bool>("--json") { Description = "Print the action as JSON." };
        var command = new Command("status", "Show a machine action's state and its commands.") { actionId, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string id = parse.GetValue(actionId)!;
            return await WithConnectionAsync(environment, id, cancellationToken, async client =>
            {
                LiveResponseResult status = await client.GetStatusAsync(id, cancellationToken);
                if (parse.GetValue(json))
                {
                    PrintStatusJson(environment.Out, status);
                }
                else
                {
                    TranscriptPrinter.PrintReadable(environment.Out, status.MachineId, status);
                }

                return ExitCodes.Success;
            });
        });
        return command;
    }

    public static Command Result(CliEnvironment environment)
    {
        var actionId = new Argument<string>("actionId") { Description = "The machine action id." }.NotBlank("the machine action id");
        var index = new Option<int>("--index", "-i") { Description = "The command's index in the action (0 for the first).", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Save the result file here (atomically) instead of printing the transcript." }.NotBlank("the path of the file to write").FileToWrite();
        var json = new Option<bool>("--json") { Description = "Print the transcript as a JSON array." };
        var command = new Command("result", "Download a command's result at once: print its transcript, or save the file.") { actionId, index, output, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string id = parse.GetValue(actionId)!;
            int commandIndex = parse.GetValue(index);
            if (commandIndex < 0)
            {
                throw new CliUsageException("--index must be 0 or more.");
            }

            return await WithConnectionAsync(environment, id, cancellationToken, async client =>
            {
                if (parse.GetValue(output) is { } path)
                {
                    long bytes = await client.SaveResultAsync(id, commandIndex, path, cancellationToken);
                    environment.Error.WriteLine($"mde-lr: saved result #{commandIndex} of {id} to {path} ({bytes} bytes).");
                    return ExitCodes.Success;
                }

                ScriptTranscript transcript = await client.ReadTranscriptAsync(id, commandIndex, cancellationToken: cancellationToken);
                if (parse.GetValue(json))
                {
                    // The transcript does not name its device: the action does (one more call, for --json only).
                    string machineId = (await client.GetStatusAsync(id, cancellationToken)).MachineId;
                    TranscriptPrinter.PrintJson(environment.Out, [new TranscriptOrigin(machineId, id, transcript)]);
                }
                else
                {
                    TranscriptPrinter.PrintReadable(environment.Out, transcript);
                }

                return transcript.ExitCode == 0 ? ExitCodes.Success : ExitCodes.ScriptFailed;
            });
        });
        return command;
    }

    public static Command Cancel(CliEnvironment environment)
    {
        var actionId = new Argument<string>("actionId") { Description = "The machine action id." }.NotBlank("the machine action id");
        var comment = new Option<string?>("--comment") { Description = "Why the action is cancelled." }.NotBlank("why the action is cancelled, or leave the option out");
        var command = new Command("cancel", "Cancel a machine action that has not ended.") { actionId, comment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string id = parse.GetValue(actionId)!;
            return await WithConnectionAsync(environment, id, cancellationToken, async client =>
            {
                LiveResponseResult state = await client.CancelAsync(id, parse.GetValue(comment) ?? "Cancelled with mde-lr", cancellationToken);
                environment.Out.WriteLine($"{state.MachineActionId}: {state.State}");
                return ExitCodes.Success;
            });
        });
        return command;
    }

    /// <summary>Opens the connection, runs <paramref name="work"/>, and reports any error with its exit code.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1068:CancellationToken parameters must come last", Justification = "The work is a lambda: last, it reads as the body of the call.")]
    internal static async Task<int> WithConnectionAsync(CliEnvironment environment, string? target, CancellationToken cancellationToken, Func<LiveResponseClient, Task<int>> work)
    {
        await using ApiConnection connection = await ApiConnection.OpenAsync(environment, cancellationToken);
        environment.Error.WriteLine("mde-lr: using " + connection.Description);
        try
        {
            return await work(connection.Client);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (connection.IsEmulator && ex is Refit.ApiException { StatusCode: System.Net.HttpStatusCode.NotFound } && environment.GetVariable(CliEnvironment.EmulatorUrlVariable) is null)
            {
                environment.Error.WriteLine($"mde-lr: the embedded emulator starts empty for every command; to look at an earlier run, start the standalone emulator (dotnet run --project src/Mde.Bindings.Emulator) and set {CliEnvironment.EmulatorUrlVariable} to its address.");
            }

            return ErrorReporter.Report(ex, environment, target);
        }
    }

    private static void PrintStatusJson(TextWriter output, LiveResponseResult status) =>
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("id", status.MachineActionId);
            writer.WriteString("machine_id", status.MachineId);
            writer.WriteString("status", status.State.ToString());
            writer.WriteStartArray("commands");
            foreach (CommandResult command in status.Commands)
            {
                writer.WriteStartObject();
                writer.WriteNumber("index", command.Index);
                writer.WriteString("type", command.Command.Type);
                writer.WriteString("status", command.Status);
                writer.WriteStartArray("errors");
                foreach (string error in command.Errors)
                {
                    writer.WriteStringValue(error);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
}
