using System.Net;
using Mde.Bindings.Protocol;
using Mde.Bindings.Transcripts;
using Refit;

namespace Mde.Bindings.LiveResponse;

/// <summary>
/// The engine of every multi-device run (<see cref="RunManyAsync"/> and <see cref="LiveResponseJob"/>): a scheduler
/// that starts runs as fast as the RunLiveResponse limit allows (spaced by the service's answers, then the limiter) while at most
/// <see cref="LiveResponseRunOptions.MaxConcurrency"/> actions are in flight, and one <see cref="BatchActionPoller"/>
/// that follows them all. A device the service refuses (busy, unknown) ends at once for itself.
/// </summary>
public sealed partial class LiveResponseClient
{
    /// <summary>
    /// Runs <paramref name="devices"/> from where each got (nothing, for a new run) and returns their outcomes in order.
    /// <paramref name="record"/>, when given, is told every step before the next one starts (a job's journal); a run
    /// without one cancels its actions on the service when <paramref name="cancellationToken"/> fires, a job leaves
    /// them running for its resume.
    /// </summary>
    internal async Task<IReadOnlyList<MachineRunOutcome>> RunFleetAsync(IReadOnlyList<FleetDevice> devices, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, Func<LiveResponseJobEvent, CancellationToken, ValueTask>? record, CancellationToken cancellationToken)
    {
        using var sessions = new SemaphoreSlim(options.MaxConcurrency);
        var pacer = new AnsweredRunPacer(LiveResponseApiDescription.RunLiveResponse.Limits.MaxBy(w => w.Window / w.PermitLimit)!, Throttling.MultiWindowRateLimiterOptions.DefaultSafetyMargin, _timeProvider);
        var fleet = new FleetContext(sessions, pacer, commands, options, record ?? ((_, _) => ValueTask.CompletedTask), CancelOnService: record is null, cancellationToken);
        // Never closer than the list budget spent evenly, unless the caller asks for faster rounds (the limiter still holds).
        TimeSpan even = BatchActionPoller.EvenSpacing(LiveResponseApiDescription.ListMachineActions.Limits);
        TimeSpan spacing = options.FleetPollInterval < even ? options.FleetPollInterval : even;
        await using var poller = new BatchActionPoller(
            _api,
            _timeProvider,
            spacing,
            options.FleetPollInterval,
            urgent: () => Volatile.Read(ref fleet.WaitingForSession) > 0 && fleet.Poller!.Count >= options.MaxConcurrency,
            options.Progress,
            _logger);
        fleet.Poller = poller;
        return await Task.WhenAll(devices.Select(device => RunFleetDeviceAsync(device, fleet))).ConfigureAwait(false);
    }

    private async Task<MachineRunOutcome> RunFleetDeviceAsync(FleetDevice device, FleetContext fleet)
    {
        CancellationToken cancellationToken = fleet.CancellationToken;
        LiveResponseRunOptions options = fleet.Options.OutputDirectory is null
            ? fleet.Options
            : fleet.Options with { OutputDirectory = Path.Combine(fleet.Options.OutputDirectory, SafeFileName(device.MachineId)) };
        if (device.RunToken is { } token)
        {
            options = options with { Comment = options.Comment + " " + token };
        }

        if (device.Finished is { } finished)
        {
            return await ReportFinishedAsync(device, finished, fleet.Commands, options, cancellationToken).ConfigureAwait(false);
        }

        await Task.Yield();
        bool holdsSession = false;
        try
        {
            if (!device.Queued)
            {
                await fleet.Record(new LiveResponseJobEvent.DeviceQueued(device.MachineId), cancellationToken).ConfigureAwait(false);
                device.Queued = true;
            }

            Interlocked.Increment(ref fleet.WaitingForSession);
            try
            {
                await fleet.Sessions.WaitAsync(cancellationToken).ConfigureAwait(false);
                holdsSession = true;
            }
            finally
            {
                Interlocked.Decrement(ref fleet.WaitingForSession);
            }

            if (device.ActionId is null && device.RequestedAt is { } requestedAt && device.RunToken is not null)
            {
                // The run was requested before an interruption that came before its action's id was recorded.
                await FindRequestedActionAsync(device, requestedAt, fleet, cancellationToken).ConfigureAwait(false);
            }

            if (device.ActionId is null)
            {
                await fleet.Record(new LiveResponseJobEvent.RunRequested(device.MachineId, device.RunToken ?? string.Empty, _timeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                MachineAction started;
                using (await fleet.Pacer.EnterAsync(cancellationToken).ConfigureAwait(false))
                {
                    started = await BeginAsync(device.MachineId, fleet.Commands, options, cancellationToken).ConfigureAwait(false);
                }

                device.ActionId = started.Id;
                await fleet.Record(new LiveResponseJobEvent.ActionRecorded(device.MachineId, started.Id), cancellationToken).ConfigureAwait(false);
            }

            (MachineAction? seen, bool gaveUp) = await FollowAsync(device, options, fleet).ConfigureAwait(false);
            fleet.Sessions.Release();
            holdsSession = false;

            MachineAction action;
            if (gaveUp)
            {
                action = await CancelOnServiceAsync(device.ActionId, options.CancellationComment).ConfigureAwait(false) ?? seen ?? await _api.GetMachineActionAsync(device.ActionId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                action = await RereadUntilCommandsEndAsync(seen!, options, cancellationToken).ConfigureAwait(false);
            }

            LiveResponseResult result = await CollectResultsAsync(device.MachineId, action, fleet.Commands, options, cancellationToken, device.Saved, (index, path) => fleet.Record(new LiveResponseJobEvent.ResultSaved(device.MachineId, index, path), cancellationToken)).ConfigureAwait(false);
            LiveResponseClientLog.RunEnded(_logger, action.Id, device.MachineId, result.State);
            Exception? error = gaveUp ? new LiveResponseTimedOutException(result, options.MaxRunDuration) : FailureOf(result, action);
            await fleet.Record(Finished(device, result, error), cancellationToken).ConfigureAwait(false);
            ReportEnded(options, device.MachineId, action.Id, result.State, result.Commands.Select(c => c.Status).ToArray(), error);
            return error is null ? MachineRunOutcome.Success(device.MachineId, result) : MachineRunOutcome.Failure(device.MachineId, error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (IsDefinitive(ex))
            {
                await fleet.Record(new LiveResponseJobEvent.DeviceFinished(device.MachineId, device.ActionId, MachineActionState.Unknown, [], ex.GetType().Name, ex.Message), cancellationToken).ConfigureAwait(false);
            }

            ReportEnded(options, device.MachineId, device.ActionId, MachineActionState.Unknown, [], ex);
            return MachineRunOutcome.Failure(device.MachineId, ex);
        }
        finally
        {
            if (holdsSession)
            {
                fleet.Sessions.Release();
            }
        }
    }

    /// <summary>Waits for the device's action to end through the shared poller; a run without a journal cancels it on the service when its caller gives up.</summary>
    private async Task<(MachineAction? Action, bool GaveUp)> FollowAsync(FleetDevice device, LiveResponseRunOptions options, FleetContext fleet)
    {
        try
        {
            return await fleet.Poller!.WaitForFinalAsync(device.MachineId, device.ActionId!, _timeProvider.GetUtcNow() + options.MaxRunDuration, fleet.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (fleet.CancelOnService && fleet.CancellationToken.IsCancellationRequested)
        {
            await CancelOnServiceAsync(device.ActionId!, options.CancellationComment).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Looks for the action an interrupted run requested: this device's live response actions created since shortly
    /// before the request, whose comment carries the device's run token (the service cannot filter on comments, so they are matched here).
    /// </summary>
    private async Task FindRequestedActionAsync(FleetDevice device, DateTimeOffset requestedAt, FleetContext fleet, CancellationToken cancellationToken)
    {
        string since = (requestedAt - TimeSpan.FromMinutes(5)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        string filter = "machineId eq '" + device.MachineId.Replace("'", "''", StringComparison.Ordinal) + "' and type eq 'LiveResponse' and creationDateTimeUtc ge " + since;
        IReadOnlyList<MachineAction> actions = await _api.ListMachineActionsAsync(filter, 100, null, cancellationToken).ConfigureAwait(false);
        string? found = actions
            .Where(a => a.Type == MachineActionType.LiveResponse && a.RequestorComment?.Contains(device.RunToken!, StringComparison.Ordinal) == true)
            .OrderByDescending(a => a.CreationDateTimeUtc ?? DateTimeOffset.MinValue)
            .Select(a => a.Id)
            .FirstOrDefault();
        if (found is not null)
        {
            LiveResponseClientLog.RequestedActionFound(_logger, device.MachineId, found);
            device.ActionId = found;
            await fleet.Record(new LiveResponseJobEvent.ActionRecorded(device.MachineId, found), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A device a journal already holds as finished: its outcome again, results read back from where they were saved.</summary>
    private static async Task<MachineRunOutcome> ReportFinishedAsync(FleetDevice device, LiveResponseJobEvent.DeviceFinished finished, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, CancellationToken cancellationToken)
    {
        LiveResponseResult? result = null;
        if (finished.MachineActionId is { } actionId)
        {
            var results = new List<CommandResult>();
            for (int index = 0; index < commands.Count; index++)
            {
                string status = index < finished.CommandStatuses.Count ? finished.CommandStatuses[index] : "Unknown";
                (ScriptTranscript? transcript, string? path) = device.Saved.TryGetValue(index, out string? saved)
                    ? await ReadSavedResultAsync(saved, commands[index], options, cancellationToken).ConfigureAwait(false)
                    : (null, null);
                var command = new CommandResult(index, commands[index], status, [], transcript, path);
                if (command.ResultStatus != CommandResultStatus.Collected && command.Completed && command.Command.HasResult)
                {
                    command = new CommandResult(index, commands[index], status, [], null, null, CommandResultStatus.NotCollected, $"The result of command #{index} was not saved before the job ended (ask for command {index} of action {actionId} again).");
                }

                results.Add(command);
            }

            result = new LiveResponseResult(device.MachineId, actionId, finished.State, results);
        }

        Exception? error = finished.ErrorType switch
        {
            null => null,
            nameof(ActiveRequestAlreadyExistsException) => new ActiveRequestAlreadyExistsException(device.MachineId, null),
            nameof(LiveResponseFailedException) when result is not null => new LiveResponseFailedException(result),
            nameof(LiveResponseTimedOutException) when result is not null => new LiveResponseTimedOutException(result),
            nameof(LiveResponseCancelledException) when result is not null => new LiveResponseCancelledException(result, null, null),
            _ => new LiveResponseException(finished.Error ?? $"Device {device.MachineId} did not succeed ({finished.ErrorType}).", device.MachineId, finished.MachineActionId, result),
        };
        ReportEnded(options, device.MachineId, finished.MachineActionId, finished.State, finished.CommandStatuses, error);
        return error is null && result is not null ? MachineRunOutcome.Success(device.MachineId, result) : MachineRunOutcome.Failure(device.MachineId, error ?? new LiveResponseException($"Device {device.MachineId} ended without an action.", device.MachineId, null));
    }

    /// <summary>Tells the progress sink a device is done, with why when it did not succeed.</summary>
    private static void ReportEnded(LiveResponseRunOptions options, string machineId, string? actionId, MachineActionState state, IReadOnlyList<string> commands, Exception? error) =>
        options.Progress?.Report(new LiveResponseProgress(machineId, actionId, state, commands) { Error = error?.Message });

    private static LiveResponseJobEvent.DeviceFinished Finished(FleetDevice device, LiveResponseResult result, Exception? error) =>
        new(device.MachineId, result.MachineActionId, result.State, result.Commands.Select(c => c.Status).ToArray(), error?.GetType().Name, error?.Message);

    /// <summary>
    /// Whether an error settles the device's fate: the service refused the run or the action ended. A transport
    /// failure or a server error does not (the action may have started or still run), so a resumed job tries again.
    /// </summary>
    private static bool IsDefinitive(Exception error) => error switch
    {
        LiveResponseException or ArgumentException => true,
        ApiException api => (int)api.StatusCode is >= 400 and < 500 && api.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.Unauthorized),
        _ => false,
    };

    /// <summary>What a multi-device run shares: the session slots, the poller, the journal.</summary>
    private sealed class FleetContext(SemaphoreSlim sessions, AnsweredRunPacer pacer, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, Func<LiveResponseJobEvent, CancellationToken, ValueTask> record, bool CancelOnService, CancellationToken cancellationToken)
    {
        /// <summary>Devices waiting for a session slot.</summary>
        public int WaitingForSession;

        public SemaphoreSlim Sessions { get; } = sessions;

        /// <summary>Spaces the runs by the service's answers (see <see cref="AnsweredRunPacer"/>).</summary>
        public AnsweredRunPacer Pacer { get; } = pacer;

        public IReadOnlyList<LiveResponseCommandRequest> Commands { get; } = commands;

        public LiveResponseRunOptions Options { get; } = options;

        public Func<LiveResponseJobEvent, CancellationToken, ValueTask> Record { get; } = record;

        public bool CancelOnService { get; } = CancelOnService;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public BatchActionPoller? Poller { get; set; }
    }
}
