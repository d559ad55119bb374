namespace Mde.Bindings.LiveResponse;

/// <summary>
/// A fleet run that survives its process: every step is written to an <see cref="ILiveResponseJobStore"/> before the
/// next one starts, so that <see cref="ResumeAsync"/> carries on where the run stopped — it never runs a device twice,
/// picks up actions already running, fetches results not yet saved (asking for new links) and reports the devices that
/// had finished again from their saved results. Runs the same engine as <see cref="LiveResponseClient.RunManyAsync"/>.
/// </summary>
/// <example>
/// <code>
/// var job = new LiveResponseJob(client, store);
/// IReadOnlyList&lt;MachineRunOutcome&gt; outcomes = await job.RunAsync(devices, [LiveResponseCommandRequest.RunScript("collect.ps1")], new LiveResponseRunOptions { OutputDirectory = "results" });
/// // after a crash, in a new process over the same store:
/// outcomes = await job.ResumeAsync();
/// </code>
/// </example>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphore never hands out its wait handle, so it holds nothing to release; a job needs no Dispose call.")]
internal sealed class LiveResponseJob
{
    private readonly LiveResponseClient _client;
    private readonly ILiveResponseJobStore _store;
    private readonly SemaphoreSlim _appending = new(1, 1);

    /// <summary>Creates a job runner over <paramref name="store"/>.</summary>
    public LiveResponseJob(LiveResponseClient client, ILiveResponseJobStore store)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _store = store ?? throw new ArgumentNullException(nameof(store));
    }

    /// <summary>
    /// Creates a job that runs <paramref name="commands"/> on <paramref name="machineIds"/> in the store, and runs it.
    /// Results go to <see cref="LiveResponseRunOptions.OutputDirectory"/> of <paramref name="options"/> (required: a job
    /// keeps its results on disk so that a resumed job still has them). The folder, the comment and how results are kept
    /// are fixed for the job's life; the rest of the options may change when it is resumed.
    /// </summary>
    /// <exception cref="ArgumentException">No device, a device twice, no command, commands out of order, or no output folder.</exception>
    /// <exception cref="InvalidOperationException">The store already holds a job: resume it instead.</exception>
    public Task<IReadOnlyList<MachineRunOutcome>> RunAsync(IEnumerable<string> machineIds, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(LiveResponseJobDefinition.Create(machineIds, commands, options), options, cancellationToken);

    /// <summary>
    /// Creates the job in the store and runs it. Of <paramref name="options"/> only what may change between two
    /// sessions is taken (progress, polling, concurrency, transcript reading); the rest is the definition's.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store already holds a job: resume it instead.</exception>
    internal async Task<IReadOnlyList<MachineRunOutcome>> RunAsync(LiveResponseJobDefinition definition, LiveResponseRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        definition.EnsureReadable();
        if (await _store.LoadAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new InvalidOperationException("The job store already holds a job: resume it, or give a new store for a new job.");
        }

        await _store.CreateAsync(definition, cancellationToken).ConfigureAwait(false);
        return await RunCoreAsync(new LiveResponseJobRecord(definition, []), options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Carries on the job the store holds, from where its journal says each device got.</summary>
    /// <exception cref="InvalidOperationException">The store holds no job.</exception>
    /// <exception cref="LiveResponseJobFormatException">The journal is from a newer version or damaged; it is left as it is.</exception>
    public async Task<IReadOnlyList<MachineRunOutcome>> ResumeAsync(LiveResponseRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        LiveResponseJobRecord record = await _store.LoadRecordAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The job store holds no job: start one with RunAsync.");
        record.Definition.EnsureReadable();
        return await RunCoreAsync(record, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where each device of a job stands, in the job's order, from its journal alone (nothing is asked of the service).</summary>
    /// <exception cref="LiveResponseJobFormatException">An event names a device the job does not hold.</exception>
    internal static IReadOnlyList<LiveResponseJobDeviceStatus> Summarize(LiveResponseJobRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Replay(record).Select(d => new LiveResponseJobDeviceStatus(
            d.MachineId,
            d.Finished is not null ? LiveResponseJobStage.Finished
                : d.ActionId is not null ? LiveResponseJobStage.Running
                : d.RequestedAt is not null ? LiveResponseJobStage.Requested
                : d.Queued ? LiveResponseJobStage.Queued
                : LiveResponseJobStage.NotStarted,
            d.Finished?.MachineActionId ?? d.ActionId,
            d.Finished?.State,
            d.Saved.Count,
            d.Finished?.Error)).ToArray();
    }

    private async Task<IReadOnlyList<MachineRunOutcome>> RunCoreAsync(LiveResponseJobRecord record, LiveResponseRunOptions? options, CancellationToken cancellationToken)
    {
        LiveResponseJobDefinition definition = record.Definition;
        LiveResponseRunOptions effective = (options ?? LiveResponseRunOptions.Default) with
        {
            OutputDirectory = definition.OutputDirectory,
            Comment = definition.Comment,
            KeepGzip = definition.KeepGzip,
            CancelActiveAction = definition.CancelActiveAction,
        };
        effective.Validate();
        FleetDevice[] devices = Replay(record);
        LiveResponseCommandRequest[] commands = definition.Commands.Select(c => c.ToRequest()).ToArray();
        LiveResponseClient.ValidateCommands(commands);
        Directory.CreateDirectory(definition.OutputDirectory);
        return await _client.RunFleetAsync(devices, commands, effective, AppendAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends one event at a time: a store need not take concurrent appends.</summary>
    private async ValueTask AppendAsync(LiveResponseJobEvent jobEvent, CancellationToken cancellationToken)
    {
        await _appending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _store.AppendAsync(jobEvent, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _appending.Release();
        }
    }

    /// <summary>Each device of the job as far as its journal got.</summary>
    private static FleetDevice[] Replay(LiveResponseJobRecord record)
    {
        LiveResponseJobDefinition definition = record.Definition;
        FleetDevice[] devices = definition.MachineIds.Select((id, i) => new FleetDevice(i, id) { RunToken = definition.RunToken(i) }).ToArray();
        var byId = devices.ToDictionary(d => d.MachineId, StringComparer.OrdinalIgnoreCase);
        foreach (LiveResponseJobEvent jobEvent in record.Events)
        {
            if (!byId.TryGetValue(jobEvent.MachineId, out FleetDevice? device))
            {
                throw new LiveResponseJobFormatException($"The job journal holds an event for device '{jobEvent.MachineId}', which the job does not list: the journal is damaged; start a new job.");
            }

            device.Apply(jobEvent);
        }

        return devices;
    }
}
