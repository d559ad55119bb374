using System.CommandLine;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Transcripts;

namespace Mde.Bindings.Cli.Commands;

/// <summary><c>mde-lr run</c>: the main job — run a library script on one device or many, wait, and print each result.</summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var machine = new Option<string?>("--machine", "-m") { Description = "The device to run on (its machine id)." };
        var machines = new Option<string?>("--machines") { Description = "A file of device ids, one per line ('#' starts a comment): run on all of them." };
        var script = new Option<string>("--script", "-s") { Description = "The library script to run (for example minidump.ps1).", Required = true };
        var args = new Option<string?>("--args") { Description = "Arguments passed to the script (one line)." };
        var getFiles = new Option<string[]>("--get-file") { Description = "A file to collect after the script (repeatable).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string?>("--output", "-o") { Description = "A folder: each result file is written there atomically (one sub-folder per device with --machines)." };
        var json = new Option<bool>("--json") { Description = "Print only a JSON array of the transcripts on stdout." };
        var cancelActive = new Option<bool>("--cancel-active") { Description = "If the device already runs a live response action, cancel it and run." };
        var comment = new Option<string?>("--comment") { Description = "The comment attached to the machine action." };

        var command = new Command("run", "Run a live response script on a device (or many) and print its results.")
        {
            machine, machines, script, args, getFiles, output, json, cancelActive, comment,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<string> devices = Devices(parse.GetValue(machine), parse.GetValue(machines));
            List<LiveResponseCommandRequest> commands = [LiveResponseCommandRequest.RunScript(parse.GetValue(script)!, parse.GetValue(args))];
            commands.AddRange((parse.GetValue(getFiles) ?? []).Select(LiveResponseCommandRequest.GetFile));
            bool asJson = parse.GetValue(json);

            await using ApiConnection connection = await ApiConnection.OpenAsync(environment, cancellationToken);
            environment.Error.WriteLine("mde-lr: using " + connection.Description);
            var options = new LiveResponseRunOptions
            {
                OutputDirectory = parse.GetValue(output),
                CancelActiveAction = parse.GetValue(cancelActive),
                Comment = parse.GetValue(comment) ?? "mde-lr",
                Progress = new ProgressRenderer(environment.Error, environment.ErrorIsTerminal),
                PollInterval = environment.PollInterval ?? (connection.IsEmulator ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(2)),
                MaxPollInterval = connection.IsEmulator ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(30),
            };

            IReadOnlyList<MachineRunOutcome> outcomes = devices.Count == 1
                ? [await RunOneAsync(connection.Client, devices[0], commands, options, cancellationToken)]
                : await connection.Client.RunManyAsync(devices, commands, options, cancellationToken);
            return Report(environment, outcomes, asJson, manyDevices: devices.Count > 1);
        });
        return command;
    }

    private static async Task<MachineRunOutcome> RunOneAsync(LiveResponseClient client, string machineId, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return MachineRunOutcome.Success(machineId, await client.RunAsync(machineId, commands, options, cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return MachineRunOutcome.Failure(machineId, ex);
        }
    }

    private static int Report(CliEnvironment environment, IReadOnlyList<MachineRunOutcome> outcomes, bool asJson, bool manyDevices)
    {
        int exitCode = ExitCodes.Success;
        var transcripts = new List<(string?, ScriptTranscript)>();
        var notCollected = new List<(string?, CommandResult)>();
        foreach (MachineRunOutcome outcome in outcomes)
        {
            LiveResponseResult? result = outcome.Result;
            if (!asJson)
            {
                TranscriptPrinter.PrintReadable(environment.Out, outcome.MachineId, result);
            }

            foreach (CommandResult command in result?.Commands ?? [])
            {
                if (command.ResultStatus == CommandResultStatus.NotCollected)
                {
                    notCollected.Add((manyDevices ? outcome.MachineId : null, command));
                    environment.Error.WriteLine($"mde-lr: {outcome.MachineId}: the result of command #{command.Index} was not collected: {command.ResultError} Fetch it later with: {TranscriptPrinter.FetchLater(result!.MachineActionId, command)}");
                    exitCode = Math.Max(exitCode, ExitCodes.ApiError);
                }

                if (command.Transcript is { } transcript)
                {
                    transcripts.Add((manyDevices ? outcome.MachineId : null, transcript));
                    if (transcript.ExitCode != 0)
                    {
                        exitCode = Math.Max(exitCode, ExitCodes.ScriptFailed);
                    }
                }
            }

            if (outcome.Error is { } error)
            {
                exitCode = Math.Max(exitCode, ErrorReporter.Report(error, environment.Error, outcome.MachineId));
            }
        }

        if (asJson)
        {
            TranscriptPrinter.PrintJson(environment.Out, transcripts, notCollected);
        }

        if (manyDevices)
        {
            environment.Error.WriteLine($"mde-lr: {outcomes.Count(o => o.Succeeded)} of {outcomes.Count} devices succeeded.");
        }

        return exitCode;
    }

    private static IReadOnlyList<string> Devices(string? machine, string? machinesFile)
    {
        if ((machine is null) == (machinesFile is null))
        {
            throw new CliUsageException("Give either --machine <id> or --machines <file>.");
        }

        if (machine is not null)
        {
            return [machine];
        }

        if (!File.Exists(machinesFile))
        {
            throw new CliUsageException($"The device list '{machinesFile}' does not exist: give a file with one device id per line.");
        }

        List<string> ids = File.ReadAllLines(machinesFile!)
            .Select(line => line.Split('#')[0].Trim())
            .Where(line => line.Length > 0)
            .ToList();
        return ids.Count > 0 ? ids : throw new CliUsageException($"The device list '{machinesFile}' holds no device id: write one per line.");
    }
}
