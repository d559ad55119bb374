using System.Diagnostics;
using System.Text.Json;
using Mde.Bindings.Cli.Jobs;
using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Time;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Testing;

namespace Mde.Bindings.Cli.Tests.Crashes;

/// <summary>
/// A fleet job of 50 devices (<see cref="FleetJob"/>) that dies at a chosen step — or is killed with SIGKILL — and is
/// then resumed with <c>mde-lr resume --job</c>: no device is run twice (the emulator's actions, counted per device),
/// every device's results are saved exactly once, and the resume prints what an uninterrupted run prints.
/// </summary>
public sealed class FleetJobCrashTests(UninterruptedFleetRun uninterrupted) : IClassFixture<UninterruptedFleetRun>, IDisposable
{
    private readonly TempFolder _folder = new("mde-fleet-crash-");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> CrashPoints =>
    [
        "after queuing, before a run is requested",
        "between the run request and recording its action id",
        "mid-poll",
        "after a result was written, before the journal has it",
        "between two downloads",
        "mid-download",
        "before a device's end is recorded",
    ];

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task A_job_that_dies_at_a_step_resumes_with_every_result_once_and_no_device_run_twice(string point)
    {
        var time = new ScaledTimeProvider(FleetJob.TimeScale);
        await using EmulatorHost emulator = await FleetJob.StartEmulatorAsync(time);
        using var crash = new CrashSwitch();
        int seen = 0;
        bool Nth(int n) => Interlocked.Increment(ref seen) == n;
        Func<LiveResponseJobEvent, bool>? storeDies = null;
        Func<HttpRequestMessage, bool>? networkDies = null;
        Func<HttpRequestMessage, bool>? bodyDies = null;
        switch (point)
        {
            case "after queuing, before a run is requested":
                storeDies = e => e is LiveResponseJobEvent.RunRequested && Nth(12);
                break;
            case "between the run request and recording its action id":
                // The resume finds the action by listing the device's actions (ListMachineActions filters on machineId
                // and creationDateTimeUtc, not on the comment; each action carries its requestorComment):
                // MicrosoftDocs/windows-itpro-docs, windows/security/threat-protection/microsoft-defender-atp/get-machineactions-collection.md.
                storeDies = e => e is LiveResponseJobEvent.ActionRecorded && Nth(7);
                break;
            case "mid-poll":
                networkDies = r => IsBatchPoll(r) && Nth(2);
                break;
            case "after a result was written, before the journal has it":
                storeDies = e => e is LiveResponseJobEvent.ResultSaved && Nth(9);
                break;
            case "between two downloads":
                networkDies = r => r.RequestUri!.AbsolutePath.Contains("GetLiveResponseResultDownloadLink(index=1)", StringComparison.Ordinal) && Nth(5);
                break;
            case "mid-download":
                bodyDies = r => r.RequestUri!.Port == emulator.StorageBaseAddress.Port && Nth(6);
                break;
            case "before a device's end is recorded":
                storeDies = e => e is LiveResponseJobEvent.DeviceFinished && Nth(4);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(point), point, "no such crash point");
        }

        (string machines, string journal, string output) = await PathsAsync();
        CliRun crashed = await CliHarness.RunAsync(
            emulator,
            FleetJob.RunArguments(machines, journal, output),
            time,
            crash.ProcessToken,
            wrapNetwork: network => new CrashingNetwork(network, crash, networkDies, bodyDies),
            wrapJobStore: store => storeDies is null ? store : new CrashingJobStore(store, crash, storeDies));
        Assert.True(crash.Tripped, $"the run never reached the crash point ({point}):\n{crashed}");
        Assert.NotEqual(ExitCodes.Success, crashed.ExitCode);
        Assert.Contains(LiveResponseJob.Summarize(SqliteLiveResponseJobStore.Read(journal)), d => d.Stage != LiveResponseJobStage.Finished);

        CliRun resumed = await CliHarness.RunAsync(emulator, ["resume", "--job", journal, "--json"], time);

        AssertSameAsUninterrupted(emulator, resumed, output, point);
    }

    [Fact]
    public async Task A_job_whose_process_is_killed_with_sigkill_resumes_with_every_result_once_and_no_device_run_twice()
    {
        var time = new ScaledTimeProvider(FleetJob.TimeScale);
        await using EmulatorHost emulator = await FleetJob.StartEmulatorAsync(time);
        (string machines, string journal, string output) = await PathsAsync();
        using Process tool = SeparateProcessTests.Start(emulator, FleetJob.RunArguments(machines, journal, output));
        Task<string> stderr = tool.StandardError.ReadToEndAsync();
        _ = tool.StandardOutput.ReadToEndAsync();

        // Killed while the first devices' results are being saved and the others run or wait for a run permit.
        await WaitForJournalAsync(journal, record => record.Events.Any(e => e is LiveResponseJobEvent.ResultSaved), tool, stderr);
        tool.Kill();
        await tool.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.NotEqual(ExitCodes.Success, tool.ExitCode);
        Assert.Contains(LiveResponseJob.Summarize(SqliteLiveResponseJobStore.Read(journal)), d => d.Stage != LiveResponseJobStage.Finished);

        CliRun resumed = await CliHarness.RunAsync(emulator, ["resume", "--job", journal, "--json"], time);

        AssertSameAsUninterrupted(emulator, resumed, output, "SIGKILL");
    }

    private void AssertSameAsUninterrupted(EmulatorHost emulator, CliRun resumed, string output, string point)
    {
        Assert.True(resumed.ExitCode == ExitCodes.Success, $"{point}: {resumed}");

        // No device run twice, and every device run: the emulator's actions, counted per device.
        IReadOnlyList<EmulatedMachineAction> actions = emulator.State.MachineActions;
        string[] runTwice = [.. actions.GroupBy(a => a.MachineId, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"{g.Key} ({g.Count()} runs)")];
        Assert.True(runTwice.Length == 0, $"{point}: run more than once: {string.Join(", ", runTwice)}");
        Assert.Equal(FleetJob.Devices, actions.Select(a => a.MachineId).Order(StringComparer.Ordinal));

        // The output of an uninterrupted run, each transcript naming the device's one action.
        JsonElement[] transcripts = [.. JsonDocument.Parse(resumed.Out).RootElement.EnumerateArray()];
        Assert.Equal(uninterrupted.Transcripts, transcripts.Select(FleetJob.WithoutActionId));
        foreach (JsonElement transcript in transcripts)
        {
            string device = transcript.GetProperty("machine_id").GetString()!;
            Assert.Equal(actions.Single(a => a.MachineId == device).Id, transcript.GetProperty("machine_action_id").GetString());
        }

        // Every result saved exactly once, as the uninterrupted run saved it, and nothing else left in the folder.
        SortedDictionary<string, byte[]> files = FleetJob.Files(output);
        Assert.Equal(uninterrupted.Files.Keys, files.Keys);
        Assert.All(uninterrupted.Files, expected => Assert.Equal(expected.Value, files[expected.Key]));
    }

    private async Task<(string Machines, string Journal, string Output)> PathsAsync() =>
        (await FleetJob.WriteMachinesFileAsync(_folder.Path), _folder.Combine("job.db"), _folder.Combine("results"));

    private static bool IsBatchPoll(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get
        && request.RequestUri!.AbsolutePath.EndsWith("/machineactions", StringComparison.OrdinalIgnoreCase)
        && Uri.UnescapeDataString(request.RequestUri.Query).Contains("id in (", StringComparison.Ordinal);

    private static async Task WaitForJournalAsync(string journal, Func<LiveResponseJobRecord, bool> condition, Process tool, Task<string> stderr)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.False(tool.HasExited, "mde-lr ended before it could be killed:\n" + (tool.HasExited ? await stderr : string.Empty));
            try
            {
                if (condition(SqliteLiveResponseJobStore.Read(journal)))
                {
                    return;
                }
            }
            catch (JobJournalException)
            {
                // Not created yet.
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("the job's journal never reached the expected state within 2 minutes");
    }
}
