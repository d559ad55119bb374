using System.Globalization;
using Mde.Bindings.Protocol;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.LiveResponse;

/// <summary>
/// Follows every machine action of a multi-device run with as few calls as it can: each round lists the actions in
/// flight with ListMachineActions <c>$filter=id in ('…','…')</c> (elastic/kibana's Defender connector sends such
/// lists: x-pack/platform/plugins/shared/stack_connectors/server/connector_types/microsoft_defender_endpoint/
/// microsoft_defender_endpoint.test.ts, <c>#getActions()</c>), in chunks that keep the URL short.
/// <para>
/// Calls are never closer than ListMachineActions' budget spent evenly (1500 an hour: one call every 2.4 s). Rounds
/// come that fast while a device waits for a session (a finished action frees one), and every
/// <see cref="LiveResponseRunOptions.FleetPollInterval"/> otherwise, which keeps the calls per device low.
/// </para>
/// </summary>
internal sealed class BatchActionPoller : IAsyncDisposable
{
    /// <summary>The longest <c>$filter</c> sent, escaped: with the API root and <c>$top</c> the URL stays under 2,048 characters.</summary>
    internal const int MaxFilterLength = 1900;

    /// <summary>Rounds an action may be missing from the list (a new action can be listed late) before it is read on its own.</summary>
    internal const int MissedRoundsBeforeSingleRead = 3;

    /// <summary>Rounds in a row whose list call failed before the actions in flight are given up with the error.</summary>
    internal const int FailedRoundsBeforeGivingUp = 3;

    private readonly object _gate = new();
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILiveResponseApi _api;
    private readonly TimeProvider _time;
    private readonly TimeSpan _spacing;
    private readonly TimeSpan _relaxedInterval;
    private readonly Func<bool> _urgent;
    private readonly IProgress<LiveResponseProgress>? _progress;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private TaskCompletionSource _work = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failedRounds;

    /// <param name="api">The API (throttled: the limiter still guards the budget that other calls share).</param>
    /// <param name="timeProvider">The clock rounds wait on.</param>
    /// <param name="spacing">The least time between two list calls.</param>
    /// <param name="relaxedInterval">The time between rounds while no device waits for a session.</param>
    /// <param name="urgent">Whether a device waits for a session now.</param>
    /// <param name="progress">Told each action's state when it changes.</param>
    /// <param name="logger">The run's log.</param>
    public BatchActionPoller(ILiveResponseApi api, TimeProvider timeProvider, TimeSpan spacing, TimeSpan relaxedInterval, Func<bool> urgent, IProgress<LiveResponseProgress>? progress, ILogger logger)
    {
        _api = api;
        _time = timeProvider;
        _spacing = spacing;
        _relaxedInterval = relaxedInterval < spacing ? spacing : relaxedInterval;
        _urgent = urgent;
        _progress = progress;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>How many list calls were made.</summary>
    public int Calls { get; private set; }

    /// <summary>How many actions are followed now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _watches.Count;
            }
        }
    }

    /// <summary>
    /// The least time between two calls that spends <paramref name="limits"/> evenly: the largest of each window's
    /// length over its permits (2.4 s for 100/minute and 1500/hour).
    /// </summary>
    public static TimeSpan EvenSpacing(IReadOnlyList<RateLimitWindow> limits) =>
        limits.Count == 0 ? TimeSpan.Zero : limits.Max(w => w.Window / w.PermitLimit);

    /// <summary>
    /// Waits until the action reads a final state (<c>GaveUp</c> false), or until <paramref name="deadline"/> passes
    /// first (<c>GaveUp</c> true, with the action as last seen; null when it was never seen).
    /// </summary>
    public async Task<(MachineAction? Action, bool GaveUp)> WaitForFinalAsync(string machineId, string actionId, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var watch = new Watch(machineId, actionId, deadline);
        lock (_gate)
        {
            _watches[actionId] = watch;
            _work.TrySetResult();
        }

        using CancellationTokenRegistration registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _watches.Remove(actionId);
            }

            watch.Done.TrySetCanceled(cancellationToken);
        });
        return await watch.Done.Task.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        long lastCall = long.MinValue;
        long lastRound = long.MinValue;
        while (!stop.IsCancellationRequested)
        {
            Task work;
            lock (_gate)
            {
                if (_watches.Count == 0)
                {
                    _work = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                work = _work.Task;
            }

            await work.WaitAsync(stop).ConfigureAwait(false);

            // A round when a device waits for a session, or when the relaxed interval passed; checked every spacing.
            await Task.Delay(Remaining(lastCall, _spacing), _time, stop).ConfigureAwait(false);
            if (!_urgent() && Remaining(lastRound, _relaxedInterval) > TimeSpan.Zero)
            {
                await Task.Delay(Min(_spacing, Remaining(lastRound, _relaxedInterval)), _time, stop).ConfigureAwait(false);
                if (!_urgent() && Remaining(lastRound, _relaxedInterval) > TimeSpan.Zero)
                {
                    continue;
                }
            }

            lastRound = _time.GetTimestamp();
            List<Watch> watches;
            lock (_gate)
            {
                watches = [.. _watches.Values.OrderBy(w => w.Since)];
            }

            bool first = true;
            foreach (List<Watch> chunk in Chunk(watches))
            {
                if (!first)
                {
                    await Task.Delay(Remaining(lastCall, _spacing), _time, stop).ConfigureAwait(false);
                }

                first = false;
                lastCall = _time.GetTimestamp();
                await PollChunkAsync(chunk, stop).ConfigureAwait(false);
            }

            await ReadMissingAsync(watches, stop).ConfigureAwait(false);
            GiveUpOverdue(watches);
        }
    }

    private async Task PollChunkAsync(List<Watch> chunk, CancellationToken stop)
    {
        IReadOnlyList<MachineAction> listed;
        try
        {
            Calls++;
            listed = await _api.ListMachineActionsAsync(IdFilter(chunk.Select(w => w.ActionId)), chunk.Count, null, stop).ConfigureAwait(false);
            _failedRounds = 0;
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            LiveResponseClientLog.BatchPollFailed(_logger, chunk.Count, ex.GetType().Name);
            if (++_failedRounds >= FailedRoundsBeforeGivingUp)
            {
                foreach (Watch watch in chunk)
                {
                    Finish(watch, () => watch.Done.TrySetException(ex));
                }
            }

            return;
        }

        var byId = listed.Where(a => a.Id is not null).GroupBy(a => a.Id, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (Watch watch in chunk)
        {
            if (byId.TryGetValue(watch.ActionId, out MachineAction? action))
            {
                watch.Missed = 0;
                Seen(watch, action);
            }
            else
            {
                watch.Missed++;
            }
        }
    }

    /// <summary>An action the list did not return for several rounds is read on its own (a 404 then ends its device).</summary>
    private async Task ReadMissingAsync(List<Watch> watches, CancellationToken stop)
    {
        foreach (Watch watch in watches.Where(w => w.Missed >= MissedRoundsBeforeSingleRead && !w.Done.Task.IsCompleted))
        {
            try
            {
                watch.Missed = 0;
                Seen(watch, await _api.GetMachineActionAsync(watch.ActionId, stop).ConfigureAwait(false));
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                Finish(watch, () => watch.Done.TrySetException(ex));
            }
        }
    }

    private void GiveUpOverdue(List<Watch> watches)
    {
        DateTimeOffset now = _time.GetUtcNow();
        foreach (Watch watch in watches.Where(w => now >= w.Deadline && !w.Done.Task.IsCompleted))
        {
            Finish(watch, () => watch.Done.TrySetResult((watch.Last, true)));
        }
    }

    private void Seen(Watch watch, MachineAction action)
    {
        MachineActionState state = LiveResponseClient.Map(action.Status);
        string[] commands = (action.Commands ?? []).Select(c => c.CommandStatus.ToString()).ToArray();
        string shape = state + ":" + string.Join(",", commands);
        watch.Last = action;
        if (shape != watch.LastShape)
        {
            watch.LastShape = shape;
            LiveResponseClientLog.StateSeen(_logger, watch.ActionId, state);
            _progress?.Report(new LiveResponseProgress(watch.MachineId, watch.ActionId, state, commands));
        }

        if (MachineActionStates.IsFinal(state))
        {
            Finish(watch, () => watch.Done.TrySetResult((action, false)));
        }
    }

    private void Finish(Watch watch, Action complete)
    {
        lock (_gate)
        {
            if (_watches.TryGetValue(watch.ActionId, out Watch? current) && ReferenceEquals(current, watch))
            {
                _watches.Remove(watch.ActionId);
            }
        }

        complete();
    }

    /// <summary>The watches in groups whose escaped <c>id in (…)</c> filter stays within <see cref="MaxFilterLength"/>.</summary>
    internal static IEnumerable<List<Watch>> Chunk(IEnumerable<Watch> watches)
    {
        var chunk = new List<Watch>();
        int length = EscapedLength(IdFilter([]));
        foreach (Watch watch in watches)
        {
            int more = EscapedLength(Quote(watch.ActionId)) + 3; // and the escaped comma between two ids
            if (chunk.Count > 0 && length + more > MaxFilterLength)
            {
                yield return chunk;
                chunk = [];
                length = EscapedLength(IdFilter([]));
            }

            chunk.Add(watch);
            length += more;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    /// <summary>The OData filter that lists these actions.</summary>
    internal static string IdFilter(IEnumerable<string> actionIds) => "id in (" + string.Join(",", actionIds.Select(Quote)) + ")";

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static int EscapedLength(string text) => Uri.EscapeDataString(text).Length;

    private TimeSpan Remaining(long since, TimeSpan interval) =>
        since == long.MinValue ? TimeSpan.Zero : Max(TimeSpan.Zero, interval - _time.GetElapsedTime(since));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>One action followed until it ends.</summary>
    internal sealed class Watch(string machineId, string actionId, DateTimeOffset deadline)
    {
        private static long s_sequence;

        public string MachineId { get; } = machineId;

        public string ActionId { get; } = actionId;

        public DateTimeOffset Deadline { get; } = deadline;

        public long Since { get; } = Interlocked.Increment(ref s_sequence);

        public TaskCompletionSource<(MachineAction? Action, bool GaveUp)> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public MachineAction? Last { get; set; }

        public string? LastShape { get; set; }

        public int Missed { get; set; }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{MachineId}: {ActionId}");
    }
}
