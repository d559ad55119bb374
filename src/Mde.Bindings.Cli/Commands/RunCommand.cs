using System.CommandLine;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Transcripts;

namespace Mde.Bindings.Cli.Commands;

/// <summary><c>mde-lr run</c>: the main job — run a library script on one device or many, wait, and print each result.</summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var machine = new Option<string?>("--machine", "-m") { Description = "The device to run on (its machine id)." }.NotBlank("the device's machine id");
        var machines = new Option<string?>("--machines") { Description = "A file of device ids, one per line ('#' starts a comment): run on all of them." }.NotBlank("the path of a file of device ids");
        var script = new Option<string>("--script", "-s") { Description = "The library script to run (for example minidump.ps1).", Required = true }.NotBlank("the library script's name, such as minidump.ps1");
        var args = new Option<string?>("--args") { Description = "Arguments passed to the script (one line)." }.ScriptArgumentsOnly();
        var getFiles = new Option<string[]>("--get-file") { Description = "A file to collect after the script (repeatable).", AllowMultipleArgumentsPerToken = false }.NotBlank("the path of a file on the device");
        var output = new Option<string?>("--output", "-o") { Description = "A folder: each result file is written there atomically (one sub-folder per device with --machines)." }.NotBlank("a folder").WritableFolder();
        var json = new Option<bool>("--json") { Description = "Print only a JSON array of the transcripts on stdout." };
        var cancelActive = new Option<bool>("--cancel-active") { Description = "If the device already runs a live response action, cancel it and run." };
        var comment = new Option<string?>("--comment") { Description = "The comment attached to the machine action." }.NotBlank("a comment, or leave the option out");
        var keepGz = GetFileCommand.KeepGzOption();
        var noWait = new Option<bool>("--no-wait")
        {
            Description = "Start the action and print its id on stdout without waiting; follow it with status, result or cancel.",
        };
        var job = new Option<string?>("--job")
        {
            Description = "Keep the run in this journal file (SQLite), written before and after each step: if the run stops, even killed, 'mde-lr resume --job <file>' carries it on without running a device twice. Results go to --output (default: a folder beside the journal, named after it).",
        }.NotBlank("the path of the job's journal file").FileToWrite();
        Option<string?> report = RunReport.Option();

        var command = new Command("run", "Run a live response script on a device (or many) and print its results.")
        {
            machine, machines, script, args, getFiles, output, json, cancelActive, comment, keepGz, noWait, job, report,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<string> devices = Devices(parse.GetValue(machine), parse.GetValue(machines));
            List<LiveResponseCommandRequest> commands = [LiveResponseCommandRequest.RunScript(parse.GetValue(script)!, parse.GetValue(args))];
            commands.AddRange((parse.GetValue(getFiles) ?? []).Select(LiveResponseCommandRequest.GetFile));
            bool asJson = parse.GetValue(json);
            if (parse.GetValue(noWait) && parse.GetValue(output) is not null)
            {
                throw new CliUsageException("--no-wait does not download results, so --output has nothing to write: drop one of them (save a result later with: mde-lr result <id> --index <n> --output <file>).");
            }

            if (parse.GetValue(noWait) && (parse.GetValue(job) is not null || parse.GetValue(report) is not null))
            {
                throw new CliUsageException("--no-wait starts the actions and returns, so there is no run to keep in a --job journal or to --report: drop one of them.");
            }

            var reporting = new RunReporting(environment, asJson, parse.GetValue(report));
            if (parse.GetValue(job) is { } journal)
            {
                var jobOptions = new LiveResponseRunOptions
                {
                    OutputDirectory = parse.GetValue(output) ?? JobRun.DefaultOutputFolder(journal),
                    CancelActiveAction = parse.GetValue(cancelActive),
                    KeepGzip = parse.GetValue(keepGz),
                    Comment = parse.GetValue(comment) ?? "mde-lr",
                };
                LiveResponseJobDefinition definition = LiveResponseJobDefinition.Create(devices, commands, jobOptions, environment.TimeProvider);
                return await JobRun.ExecuteAsync(environment, journal, definition, outputGiven: parse.GetValue(output) is not null, reporting, cancellationToken);
            }

            await using ApiConnection connection = await ApiConnection.OpenAsync(environment, cancellationToken);
            environment.Error.WriteLine("mde-lr: using " + connection.Description);
            var progress = new ActionIdRecorder(Progress(environment, devices.Count));
            LiveResponseRunOptions options = Polling(environment, connection) with
            {
                OutputDirectory = parse.GetValue(output),
                CancelActiveAction = parse.GetValue(cancelActive),
                KeepGzip = parse.GetValue(keepGz),
                Comment = parse.GetValue(comment) ?? "mde-lr",
                Progress = progress,
            };

            if (parse.GetValue(noWait))
            {
                if (connection.IsEmbeddedEmulator)
                {
                    environment.Error.WriteLine($"mde-lr: the embedded emulator stops with this command, and the action with it; to follow the action, start the standalone emulator (dotnet run --project src/Mde.Bindings.Emulator) and set {CliEnvironment.EmulatorUrlVariable} to its address.");
                }

                return await StartOnlyAsync(environment, connection.Client, devices, commands, options, asJson, cancellationToken);
            }

            IReadOnlyList<MachineRunOutcome> outcomes = devices.Count == 1
                ? [await RunOneAsync(connection.Client, devices[0], commands, options, cancellationToken)]
                : await connection.Client.RunManyAsync(devices, commands, options, cancellationToken);
            return await reporting.ReportAsync(outcomes, progress, options.OutputDirectory, commands, manyDevices: devices.Count > 1, cancellationToken);
        });
        return command;
    }

    /// <summary>How often runs are polled: the service's pace, or faster against an emulator (and in tests).</summary>
    public static LiveResponseRunOptions Polling(CliEnvironment environment, ApiConnection connection) => new()
    {
        PollInterval = QuickPolls(environment, connection) ?? (connection.PollsQuickly ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(2)),
        MaxPollInterval = connection.PollsQuickly ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(30),
        FleetPollInterval = QuickPolls(environment, connection) ?? (connection.PollsQuickly ? TimeSpan.FromSeconds(1) : LiveResponseRunOptions.Default.FleetPollInterval),
    };

    /// <summary>
    /// The environment's poll interval (tests), meant on the real clock: a scaled emulator's polls wait on its faster
    /// clock, where such an interval would race its scaled limits, so it keeps the service's pace.
    /// </summary>
    private static TimeSpan? QuickPolls(CliEnvironment environment, ApiConnection connection) =>
        connection.TimeScale == 1 ? environment.PollInterval : null;

    /// <summary>Progress on stderr: a line per device for one device, the fleet's counts for many.</summary>
    public static IProgress<LiveResponseProgress> Progress(CliEnvironment environment, int deviceCount) =>
        deviceCount > 1
            ? new FleetProgressRenderer(environment.Error, environment.ErrorIsTerminal, deviceCount)
            : new ProgressRenderer(environment.Error, environment.ErrorIsTerminal);

    /// <summary>
    /// <c>run --no-wait</c>: starts the action on each device and prints its id (one per line, after the device when
    /// there are several; a JSON array of <c>machine_id</c> and <c>machine_action_id</c> with --json).
    /// </summary>
    private static async Task<int> StartOnlyAsync(CliEnvironment environment, LiveResponseClient client, IReadOnlyList<string> devices, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, bool asJson, CancellationToken cancellationToken)
    {
        int exitCode = ExitCodes.Success;
        var started = new List<(string MachineId, string ActionId)>();
        foreach (string device in devices)
        {
            try
            {
                started.Add((device, await client.StartRunAsync(device, commands, options, cancellationToken)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                exitCode = Math.Max(exitCode, ErrorReporter.Report(ex, environment, device));
            }
        }

        if (asJson)
        {
            JsonOutput.Write(environment.Out, writer =>
            {
                writer.WriteStartArray();
                foreach ((string machineId, string actionId) in started)
                {
                    writer.WriteStartObject();
                    writer.WriteString("machine_id", machineId);
                    writer.WriteString("machine_action_id", actionId);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            });
        }
        else
        {
            foreach ((string machineId, string actionId) in started)
            {
                environment.Out.WriteLine(devices.Count == 1 ? actionId : $"{machineId} {actionId}");
            }
        }

        return exitCode;
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

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859:Use concrete types when possible for improved performance", Justification = "Read once per run; the read-only type tells the callers the list is not theirs to change.")]
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
        if (ids.Count == 0)
        {
            throw new CliUsageException($"The device list '{machinesFile}' holds no device id: write one per line.");
        }

        // The service runs one live response action per device at a time (device ids compare without case).
        if (ids.GroupBy(id => id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new CliUsageException($"The device list '{machinesFile}' names '{twice.Key}' more than once: list each device once.");
        }

        return ids;
    }
}
