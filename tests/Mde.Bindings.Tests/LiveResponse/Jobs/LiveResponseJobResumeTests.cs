using Mde.Bindings.LiveResponse;
using Mde.Bindings.Tests.LiveResponse.Fleet;

namespace Mde.Bindings.Tests.LiveResponse.Jobs;

/// <summary>
/// A job stopped at every step of its journal (the store fails from the n-th append on, as a killed process writes
/// nothing more) and resumed: every device runs exactly once on the service and every result is there once. The
/// window between the run request and the recorded action id is closed by the run's comment token, matched on the
/// client (ListMachineActions filters on id, status, machineId, type, requestor and creationDateTimeUtc only:
/// MicrosoftDocs List machineActions page, in the project's reference mde-live-response-api).
/// </summary>
public sealed class LiveResponseJobResumeTests : IDisposable
{
    private const int DeviceCount = 3;

    // Per device: queued, run requested, action recorded, two results saved, finished.
    private const int EventsPerDevice = 6;

    private static readonly LiveResponseCommandRequest[] Commands =
    [
        LiveResponseCommandRequest.RunScript("collect.ps1"),
        LiveResponseCommandRequest.GetFile(@"C:\temp\collected.zip"),
    ];

    private readonly FleetHarness _fleet = new();

    public void Dispose() => _fleet.Dispose();

    public static TheoryData<int> CutPoints() => [.. Enumerable.Range(0, (DeviceCount * EventsPerDevice) + 1)];

    [Theory]
    [MemberData(nameof(CutPoints))]
    public async Task A_job_stopped_after_any_step_resumes_without_running_a_device_twice(int appendsBeforeStop)
    {
        string[] devices = FleetHarness.Devices(DeviceCount);
        for (int i = 0; i < devices.Length; i++)
        {
            _fleet.Service.Devices[devices[i]] = TimeSpan.FromSeconds(30 + (20 * i));
        }

        var journal = new InMemoryLiveResponseJobStore();
        var stopping = new StoppingStore(journal, appendsBeforeStop);
        LiveResponseJobDefinition definition = LiveResponseJobDefinition.Create(devices, Commands, new LiveResponseRunOptions { OutputDirectory = _fleet.Output, Comment = "incident 42" }, _fleet.Clock);

        IReadOnlyList<MachineRunOutcome> stopped = await _fleet.DriveAsync(() => new LiveResponseJob(_fleet.Client, stopping).RunAsync(definition));
        Assert.Equal(Math.Min(appendsBeforeStop, DeviceCount * EventsPerDevice), journal.EntryCount);
        Assert.Equal(appendsBeforeStop >= DeviceCount * EventsPerDevice, stopped.All(o => o.Succeeded));

        // A device whose last step is the run request is in the window: its action is found by the comment token.
        bool inWindow = (await journal.LoadRecordAsync())!.Events.GroupBy(e => e.MachineId).Any(g => g.Last() is LiveResponseJobEvent.RunRequested);
        int lookups = _fleet.Service.Lists.Count(l => l.Filter.Contains("creationDateTimeUtc ge", StringComparison.Ordinal));

        IReadOnlyList<MachineRunOutcome> resumed = await _fleet.DriveAsync(() => new LiveResponseJob(_fleet.Client, journal).ResumeAsync());

        Assert.Equal(inWindow, _fleet.Service.Lists.Count(l => l.Filter.Contains("creationDateTimeUtc ge", StringComparison.Ordinal)) > lookups);

        Assert.Equal(devices, resumed.Select(o => o.MachineId));
        foreach (MachineRunOutcome outcome in resumed)
        {
            Assert.True(outcome.Succeeded, outcome.ToString());
            Assert.Equal(1, _fleet.Service.RunsOf(outcome.MachineId));
            Assert.Equal("ran on " + outcome.MachineId, outcome.Result!.Commands[0].Transcript!.Output);
            Assert.True(File.Exists(outcome.Result.Commands[1].FilePath), outcome.Result.Commands[1].FilePath);
            Assert.Equal(Path.Combine(_fleet.Output, outcome.MachineId), Path.GetDirectoryName(outcome.Result.Commands[1].FilePath));
        }

        LiveResponseJobRecord record = (await journal.LoadRecordAsync())!;
        Assert.All(devices, d => Assert.Single(record.Events.OfType<LiveResponseJobEvent.DeviceFinished>(), e => e.MachineId == d));
        Assert.All(LiveResponseJob.Summarize(record), s => Assert.Equal(LiveResponseJobStage.Finished, s.Stage));
    }

    [Fact]
    public async Task Resuming_a_finished_job_reports_it_again_from_the_saved_results_without_calling_the_service()
    {
        string[] devices = FleetHarness.Devices(2);
        foreach (string device in devices)
        {
            _fleet.Service.Devices[device] = TimeSpan.FromSeconds(30);
        }

        var journal = new InMemoryLiveResponseJobStore();
        LiveResponseJobDefinition definition = LiveResponseJobDefinition.Create(devices, Commands, new LiveResponseRunOptions { OutputDirectory = _fleet.Output }, _fleet.Clock);
        IReadOnlyList<MachineRunOutcome> first = await _fleet.DriveAsync(() => new LiveResponseJob(_fleet.Client, journal).RunAsync(definition));
        Assert.All(first, o => Assert.True(o.Succeeded && o.Result!.Commands.All(c => c.ResultStatus == CommandResultStatus.Collected), o.ToString() + " " + string.Join(";", o.Result?.Commands.Select(c => c.ToString() + c.ResultError) ?? [])));
        int requests = _fleet.Service.RequestCount;

        IReadOnlyList<MachineRunOutcome> again = await _fleet.DriveAsync(() => new LiveResponseJob(_fleet.Client, journal).ResumeAsync());

        Assert.Equal(requests, _fleet.Service.RequestCount);
        Assert.Equal(first.Select(o => o.Result!.Commands[0].Transcript!.Output), again.Select(o => o.Result!.Commands[0].Transcript!.Output));
        Assert.Equal(first.Select(o => o.Result!.Commands[1].FilePath), again.Select(o => o.Result!.Commands[1].FilePath));
        Assert.Equal(first.Select(o => o.Result!.MachineActionId), again.Select(o => o.Result!.MachineActionId));
    }

    [Fact]
    public async Task A_busy_device_is_journaled_as_finished_and_not_tried_again_on_resume()
    {
        _fleet.Service.Devices["device-0001"] = TimeSpan.FromSeconds(30);
        _fleet.Service.StartElsewhere("device-0001");
        var journal = new InMemoryLiveResponseJobStore();
        LiveResponseJobDefinition definition = LiveResponseJobDefinition.Create(["device-0001"], Commands, new LiveResponseRunOptions { OutputDirectory = _fleet.Output }, _fleet.Clock);

        IReadOnlyList<MachineRunOutcome> first = await _fleet.DriveAsync(() => new LiveResponseJob(_fleet.Client, journal).RunAsync(definition));
        int requests = _fleet.Service.RequestCount;
        IReadOnlyList<MachineRunOutcome> again = await _fleet.DriveAsync(() => new LiveResponseJob(_fleet.Client, journal).ResumeAsync());

        Assert.IsType<ActiveRequestAlreadyExistsException>(first[0].Error);
        Assert.IsType<ActiveRequestAlreadyExistsException>(again[0].Error);
        Assert.Equal(requests, _fleet.Service.RequestCount);
        Assert.Equal(LiveResponseJobStage.Finished, LiveResponseJob.Summarize((await journal.LoadRecordAsync())!)[0].Stage);
    }

    [Fact]
    public async Task A_journal_of_a_newer_format_is_refused_before_anything_runs()
    {
        LiveResponseJobDefinition definition = LiveResponseJobDefinition.Create(["device-0001"], Commands, new LiveResponseRunOptions { OutputDirectory = _fleet.Output }) with { FormatVersion = 2 };
        var store = new FixedStore(definition);

        LiveResponseJobFormatException error = await Assert.ThrowsAsync<LiveResponseJobFormatException>(() => new LiveResponseJob(_fleet.Client, store).ResumeAsync());

        Assert.Contains("newer version", error.Message);
        Assert.Equal(0, _fleet.Service.RequestCount);
    }

    [Fact]
    public async Task A_store_that_already_holds_a_job_is_not_given_a_second_one()
    {
        var journal = new InMemoryLiveResponseJobStore();
        LiveResponseJobDefinition definition = LiveResponseJobDefinition.Create(["device-0001"], Commands, new LiveResponseRunOptions { OutputDirectory = _fleet.Output });
        await journal.CreateAsync(definition);

        await Assert.ThrowsAsync<InvalidOperationException>(() => new LiveResponseJob(_fleet.Client, journal).RunAsync(definition));
    }

    [Fact]
    public async Task A_store_of_ones_own_keeps_only_text_and_a_new_process_resumes_from_that_text()
    {
        string[] devices = FleetHarness.Devices(2);
        foreach (string device in devices)
        {
            _fleet.Service.Devices[device] = TimeSpan.FromSeconds(30);
        }

        var first = new TextOnlyStore();
        IReadOnlyList<MachineRunOutcome> ran = await _fleet.DriveAsync(() =>
            new LiveResponseJob(_fleet.Client, first).RunAsync(devices, Commands, new LiveResponseRunOptions { OutputDirectory = _fleet.Output }));
        Assert.All(ran, o => Assert.True(o.Succeeded, o.ToString()));
        Assert.NotNull(first.JobId);
        Assert.Contains(first.JobId, first.Definition, StringComparison.Ordinal);
        Assert.Equal(devices.Length * EventsPerDevice, first.Entries.Count);
        Assert.All(first.Entries, e => Assert.StartsWith("{\"event\":", e, StringComparison.Ordinal));

        // Another process: only the text survived. Nothing runs again; the outcomes come from the saved results.
        var second = new TextOnlyStore { JobId = first.JobId, Definition = first.Definition };
        second.Entries.AddRange(first.Entries);
        int requests = _fleet.Service.RequestCount;
        IReadOnlyList<MachineRunOutcome> resumed = await _fleet.DriveAsync(() => new LiveResponseJob(_fleet.Client, second).ResumeAsync());

        Assert.Equal(devices, resumed.Select(o => o.MachineId));
        Assert.All(resumed, o => Assert.Equal("ran on " + o.MachineId, o.Result!.Commands[0].Transcript!.Output));
        Assert.Equal(requests, _fleet.Service.RequestCount);
        Assert.Equal(devices.Length * EventsPerDevice, second.Entries.Count);
    }

    /// <summary>A store written against the public contract alone, as a user's own store would be: it keeps what it is given.</summary>
    private sealed class TextOnlyStore : ILiveResponseJobStore
    {
        public string? JobId { get; set; }

        public string? Definition { get; set; }

        public List<string> Entries { get; } = [];

        public ValueTask<LiveResponseJobJournal?> LoadAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Definition is null ? null : new LiveResponseJobJournal(Definition, [.. Entries]));

        public ValueTask CreateAsync(string jobId, string definition, CancellationToken cancellationToken = default)
        {
            (JobId, Definition) = (jobId, definition);
            return ValueTask.CompletedTask;
        }

        public ValueTask AppendAsync(string entry, CancellationToken cancellationToken = default)
        {
            Entries.Add(entry);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A journal that takes <c>n</c> appends and then fails every one: what a process killed at that point leaves.</summary>
    private sealed class StoppingStore(ILiveResponseJobStore inner, int appendsBeforeStop) : ILiveResponseJobStore
    {
        private int _appends;

        public ValueTask<LiveResponseJobJournal?> LoadAsync(CancellationToken cancellationToken = default) => inner.LoadAsync(cancellationToken);

        public ValueTask CreateAsync(string jobId, string definition, CancellationToken cancellationToken = default) => inner.CreateAsync(jobId, definition, cancellationToken);

        public ValueTask AppendAsync(string entry, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _appends) <= appendsBeforeStop
                ? inner.AppendAsync(entry, cancellationToken)
                : throw new IOException("The journal was lost with its process (simulated).");
    }

    private sealed class FixedStore(LiveResponseJobDefinition definition) : ILiveResponseJobStore
    {
        public ValueTask<LiveResponseJobJournal?> LoadAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<LiveResponseJobJournal?>(new LiveResponseJobJournal(LiveResponseJobJson.Serialize(definition), []));

        public ValueTask CreateAsync(string jobId, string definition, CancellationToken cancellationToken = default) => throw new InvalidOperationException("read only");

        public ValueTask AppendAsync(string entry, CancellationToken cancellationToken = default) => throw new InvalidOperationException("read only");
    }
}
