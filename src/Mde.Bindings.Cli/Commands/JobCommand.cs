using System.CommandLine;
using Mde.Bindings.Cli.Jobs;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Commands;

/// <summary><c>mde-lr job status --job &lt;journal&gt;</c>: how far a fleet job got, by its journal alone (no call to the API).</summary>
internal static class JobCommand
{
    public static Command Create(CliEnvironment environment)
    {
        Option<string> job = JournalOption();
        var status = new Command("status", "Summarise a job's devices by state, from its journal (also while the job runs).") { job };
        status.SetAction(parse =>
        {
            string path = parse.GetValue(job)!;
            LiveResponseJobRecord record = SqliteLiveResponseJobStore.Read(path);
            IReadOnlyList<LiveResponseJobDeviceStatus> devices = LiveResponseJob.Summarize(record);
            LiveResponseJobDefinition definition = record.Definition;

            TextWriter output = environment.Out;
            output.WriteLine($"job {definition.JobId}, created {definition.CreatedAt:u}: {devices.Count} device(s); results in {definition.OutputDirectory}");
            output.WriteLine("commands: " + string.Join("; ", definition.Commands.Select(c => c.ToRequest().ToString())));
            foreach (IGrouping<string, LiveResponseJobDeviceStatus> state in devices.GroupBy(StateOf, StringComparer.Ordinal).OrderBy(g => g.First().Stage).ThenBy(g => g.Key, StringComparer.Ordinal))
            {
                output.WriteLine($"  {state.Key,-24} {state.Count(),6}");
            }

            foreach (LiveResponseJobDeviceStatus device in devices.Where(d => d.Error is not null))
            {
                output.WriteLine($"  {device.MachineId}: {StateOf(device)}" + (device.MachineActionId is { } id ? $" (action {id})" : string.Empty) + ": " + device.Error);
            }

            int unfinished = devices.Count(d => d.Stage != LiveResponseJobStage.Finished);
            environment.Error.WriteLine(unfinished == 0
                ? "mde-lr: every device of the job is finished."
                : $"mde-lr: {unfinished} device(s) not finished; carry on with: mde-lr resume --job {path}");
            return ExitCodes.Success;
        });
        return new Command("job", "Look at a fleet job kept in a journal (mde-lr run --machines … --job).") { status };
    }

    /// <summary>A device's state as <c>job status</c> counts it: its stage, or once finished, its action's final state.</summary>
    private static string StateOf(LiveResponseJobDeviceStatus device) => device.Stage switch
    {
        LiveResponseJobStage.Finished when device.MachineActionId is null => "finished without action",
        LiveResponseJobStage.Finished => device.State?.ToString() ?? "finished",
        LiveResponseJobStage.Requested => "run requested",
        LiveResponseJobStage.NotStarted => "not started",
        LiveResponseJobStage stage => stage.ToString().ToLowerInvariant(),
    };

    /// <summary>The <c>--job</c> option of <c>resume</c> and <c>job status</c>: a journal that exists.</summary>
    public static Option<string> JournalOption() =>
        new Option<string>("--job") { Description = "The job's journal file (the --job path given to 'mde-lr run').", Required = true }.NotBlank("the path of a job journal");
}
