using System.Globalization;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli;

/// <summary>
/// Shows a run over many devices on stderr: on a terminal, one line redrawn in place with the devices counted by
/// state, the run rate and an estimate of the time left; into a file or pipe, a plain line per device whenever its
/// state changes (as <see cref="ProgressRenderer"/> writes them) and the same summary once a minute and at the end.
/// </summary>
internal sealed class FleetProgressRenderer : IProgress<LiveResponseProgress>
{
    private static readonly TimeSpan RateWindow = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PlainSummaryEvery = TimeSpan.FromMinutes(1);

    private readonly object _gate = new();
    private readonly Dictionary<string, Device> _devices = new(StringComparer.OrdinalIgnoreCase);
    private readonly TextWriter _stderr;
    private readonly bool _isTerminal;
    private readonly int _total;
    private readonly TimeProvider _time;
    private readonly ProgressRenderer? _plainLines;
    private DateTimeOffset _lastPlainSummary;
    private bool _closed;

    public FleetProgressRenderer(TextWriter stderr, bool isTerminal, int totalDevices, TimeProvider? timeProvider = null)
    {
        _stderr = stderr;
        _isTerminal = isTerminal;
        _total = totalDevices;
        _time = timeProvider ?? TimeProvider.System;
        _lastPlainSummary = _time.GetUtcNow();
        _plainLines = isTerminal ? null : new ProgressRenderer(stderr, isTerminal: false);
    }

    public void Report(LiveResponseProgress value)
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (!_devices.TryGetValue(value.MachineId, out Device? device))
            {
                _devices[value.MachineId] = device = new Device();
            }

            device.StartedAt ??= value.MachineActionId is not null ? now : null;
            device.State = value.State;
            bool done = value.Error is not null || MachineActionStates.IsFinal(value.State);
            device.Failed = value.Error is not null || (done && value.State != MachineActionState.Succeeded);
            device.EndedAt = done ? device.EndedAt ?? now : null;

            _plainLines?.Report(value);
            string summary = Summary(now);
            bool allDone = _devices.Count == _total && _devices.Values.All(d => d.EndedAt is not null);
            if (_isTerminal)
            {
                if (!_closed)
                {
                    _stderr.Write("\r\u001b[2K" + summary + (allDone ? Environment.NewLine : string.Empty));
                    _stderr.Flush();
                }
            }
            else if (!_closed && (allDone || now - _lastPlainSummary >= PlainSummaryEvery))
            {
                _lastPlainSummary = now;
                _stderr.WriteLine(summary);
            }

            _closed |= allDone;
        }
    }

    /// <summary>The progress line: devices by state, runs a minute (over the last five minutes), the time left.</summary>
    internal string Summary(DateTimeOffset now)
    {
        int succeeded = _devices.Values.Count(d => d.EndedAt is not null && !d.Failed);
        int failed = _devices.Values.Count(d => d.EndedAt is not null && d.Failed);
        int running = _devices.Values.Count(d => d.EndedAt is null && d.State == MachineActionState.InProgress);
        int pending = _devices.Values.Count(d => d.EndedAt is null && d.State != MachineActionState.InProgress);
        int queued = _total - _devices.Count;
        int done = succeeded + failed;

        List<DateTimeOffset> starts = [.. _devices.Values.Where(d => d.StartedAt is not null).Select(d => d.StartedAt!.Value)];
        double rate = 0;
        if (starts.Count > 0)
        {
            TimeSpan span = now - starts.Min();
            TimeSpan window = span < RateWindow ? span : RateWindow;
            int recent = starts.Count(s => now - s <= window);
            rate = window >= TimeSpan.FromSeconds(10) ? recent / window.TotalMinutes : 0;
        }

        string line = string.Create(CultureInfo.InvariantCulture, $"mde-lr: {done}/{_total} done ({succeeded} ok, {failed} failed), {running} running, {pending} pending, {queued} queued, {rate:0.0} runs/min");
        return done == _total ? line : line + ", " + TimeLeft(now, queued, rate);
    }

    /// <summary>The devices still to start at the current rate, plus how long a device takes from start to end so far.</summary>
    private string TimeLeft(DateTimeOffset now, int toStart, double rate)
    {
        TimeSpan[] durations = [.. _devices.Values.Where(d => d.StartedAt is not null && d.EndedAt is not null).Select(d => d.EndedAt!.Value - d.StartedAt!.Value)];
        if (durations.Length == 0 || (toStart > 0 && rate <= 0))
        {
            return "time left not known yet";
        }

        TimeSpan perDevice = TimeSpan.FromTicks((long)durations.Average(d => d.Ticks));
        TimeSpan left = toStart > 0
            ? TimeSpan.FromMinutes(toStart / rate) + perDevice
            : _devices.Values.Where(d => d.EndedAt is null && d.StartedAt is not null).Select(d => perDevice - (now - d.StartedAt!.Value)).DefaultIfEmpty(TimeSpan.Zero).Max();
        return left <= TimeSpan.FromMinutes(1)
            ? "under a minute left"
            : string.Create(CultureInfo.InvariantCulture, $"about {(left.TotalHours >= 1 ? $"{(int)left.TotalHours} h {left.Minutes} min" : $"{(int)Math.Ceiling(left.TotalMinutes)} min")} left");
    }

    private sealed class Device
    {
        public MachineActionState State { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public DateTimeOffset? EndedAt { get; set; }

        public bool Failed { get; set; }
    }
}
