using Mde.Bindings.Cli.Jobs;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Commands;

/// <summary>
/// A fleet run kept in a journal (<c>run … --job</c>, <c>resume --job</c>): every check on the journal — it is one,
/// of this format, not run by another process, made for this job — is made before the API is called, so a wrong
/// journal is exit 2 with nothing started. Then <see cref="LiveResponseJob"/> runs or resumes it and the results are
/// reported exactly as <c>run</c> reports them.
/// </summary>
internal static class JobRun
{
    /// <summary>Runs <paramref name="requested"/> (a new job, or the same job again: then it is resumed), or resumes the journal's job when null.</summary>
    public static async Task<int> ExecuteAsync(CliEnvironment environment, string journalPath, LiveResponseJobDefinition? requested, bool outputGiven, RunReporting reporting, CancellationToken cancellationToken)
    {
        string service = ApiConnection.ServiceOf(environment);
        using var journal = new SqliteLiveResponseJobStore(journalPath, environment.TimeProvider, service);
        ILiveResponseJobStore store = environment.WrapJobStore?.Invoke(journal) ?? journal;
        LiveResponseJobRecord? existing = await store.LoadRecordAsync(cancellationToken);
        if (existing is null && requested is null)
        {
            throw new JobJournalException(journalPath, "does not exist.", "Give the --job path that 'mde-lr run --machines … --job' was given.");
        }

        if (existing is not null && requested is not null && Differences(existing.Definition, requested, outputGiven) is { Length: > 0 } differences)
        {
            throw new JobJournalException(journalPath, $"holds another job ({differences}).", $"Resume that job with 'mde-lr resume --job {journalPath}', or give this run a new --job path; the file was left unchanged.");
        }

        if (existing is not null && journal.HeldService != service && LiveResponseJob.Summarize(existing).Any(d => d.Stage != LiveResponseJobStage.Finished))
        {
            // Its actions live on the service it started on: elsewhere they would read as unknown, and the devices as failed.
            throw journal.HeldService == ApiConnection.EmbeddedEmulator
                ? new JobJournalException(journalPath, $"holds a job started against {ApiConnection.EmbeddedEmulator}, which forgot its actions when that command ended: it cannot be resumed.", "Start the job again with a new --job path (against a standalone emulator, MDE_EMULATOR_URL, a job can be resumed); the file was left unchanged.")
                : new JobJournalException(journalPath, $"holds a job started against {journal.HeldService}, where its actions are; this command would carry it on against {service}.", "Set the environment as it was when the job started (MDE_TENANT_ID and the other credentials, or MDE_EMULATOR_URL), then resume; the file was left unchanged.");
        }

        LiveResponseJobDefinition definition = existing?.Definition ?? requested!;
        if (OutputFolderRule.Problem(definition.OutputDirectory) is { } problem)
        {
            throw new CliUsageException($"The job's result folder '{definition.OutputDirectory}' {problem}");
        }

        if (existing is not null)
        {
            DeleteUnfinishedWrites(definition.OutputDirectory);
        }

        await using ApiConnection connection = await ApiConnection.OpenAsync(environment, cancellationToken);
        environment.Error.WriteLine("mde-lr: using " + connection.Description);
        environment.Error.WriteLine(existing is null
            ? $"mde-lr: job {definition.JobId} over {definition.MachineIds.Count} device(s), kept in {journalPath}; results in {definition.OutputDirectory}. If it stops, carry on with: mde-lr resume --job {journalPath}"
            : $"mde-lr: resuming job {definition.JobId} over {definition.MachineIds.Count} device(s) from {journalPath}; results in {definition.OutputDirectory}.");

        var progress = new ActionIdRecorder(RunCommand.Progress(environment, definition.MachineIds.Count));
        LiveResponseRunOptions options = RunCommand.Polling(environment, connection) with { Progress = progress };
        var job = new LiveResponseJob(connection.Client, store);
        IReadOnlyList<MachineRunOutcome> outcomes = existing is null
            ? await job.RunAsync(definition, options, cancellationToken)
            : await job.ResumeAsync(options, cancellationToken);

        List<LiveResponseCommandRequest> commands = [.. definition.Commands.Select(c => c.ToRequest())];
        return await reporting.ReportAsync(outcomes, progress, definition.OutputDirectory, commands, manyDevices: true, cancellationToken);
    }

    /// <summary>The folder a job's results go to when <c>--output</c> is not given: beside the journal, named after it.</summary>
    public static string DefaultOutputFolder(string journalPath)
    {
        string full = Path.GetFullPath(journalPath);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-results");
    }

    /// <summary>
    /// Removes what a killed run left half-written in the job's result folders (one per device): those results are
    /// fetched again, and the journal's lock, held from here on, keeps any other writer of this job away.
    /// </summary>
    private static void DeleteUnfinishedWrites(string outputFolder)
    {
        if (Directory.Exists(outputFolder))
        {
            foreach (string deviceFolder in Directory.EnumerateDirectories(outputFolder))
            {
                Mde.Bindings.IO.AtomicFile.DeleteLeftovers(deviceFolder);
            }
        }
    }

    /// <summary>What differs between the journal's job and the one asked for, or an empty string when they are the same job.</summary>
    private static string Differences(LiveResponseJobDefinition held, LiveResponseJobDefinition asked, bool outputGiven)
    {
        var differences = new List<string>();
        if (!held.MachineIds.SequenceEqual(asked.MachineIds, StringComparer.OrdinalIgnoreCase))
        {
            differences.Add($"its devices are {Describe(held.MachineIds)}, not {Describe(asked.MachineIds)}");
        }

        if (!held.Commands.Select(Describe).SequenceEqual(asked.Commands.Select(Describe), StringComparer.Ordinal))
        {
            differences.Add($"its commands are {string.Join("; ", held.Commands.Select(Describe))}");
        }

        if (outputGiven && !string.Equals(held.OutputDirectory, asked.OutputDirectory, StringComparison.Ordinal))
        {
            differences.Add($"its results go to '{held.OutputDirectory}'");
        }

        if (!string.Equals(held.Comment, asked.Comment, StringComparison.Ordinal) || held.KeepGzip != asked.KeepGzip || held.CancelActiveAction != asked.CancelActiveAction)
        {
            differences.Add($"it runs with --comment '{held.Comment}'" + (held.KeepGzip ? " --keep-gz" : string.Empty) + (held.CancelActiveAction ? " --cancel-active" : string.Empty));
        }

        return string.Join("; ", differences);
    }

    private static string Describe(IReadOnlyList<string> devices) =>
        devices.Count <= 3 ? string.Join(", ", devices) : $"{devices.Count} devices from {devices[0]} to {devices[^1]}";

    private static string Describe(LiveResponseJobCommand command) => command.ToRequest().ToString();
}
