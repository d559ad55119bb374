using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Benchmarks.Throttle;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also knows when its next timer is due, so a simulation can jump the clock
/// from one event to the next instead of stepping through idle time.
/// </summary>
internal sealed class SimulationClock : TimeProvider
{
    private readonly FakeTimeProvider _fake;
    private readonly DateTimeOffset _start;
    private readonly HashSet<TrackedTimer> _timers = [];

    public SimulationClock(DateTimeOffset start)
    {
        _fake = new FakeTimeProvider(start);
        _start = start;
    }

    /// <summary>Simulated time since the start.</summary>
    public TimeSpan Elapsed => _fake.GetUtcNow() - _start;

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this, callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>When the earliest armed timer fires, as simulated time since the start; null when none is armed.</summary>
    public TimeSpan? NextDue()
    {
        lock (_timers)
        {
            DateTimeOffset? next = null;
            foreach (TrackedTimer timer in _timers)
            {
                if (timer.DueAt is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }

            return next - _start;
        }
    }

    /// <summary>Moves the clock to <paramref name="elapsed"/>; timers due by then fire on this thread.</summary>
    public void AdvanceTo(TimeSpan elapsed) => _fake.Advance(elapsed - Elapsed);

    private sealed class TrackedTimer : ITimer
    {
        private readonly SimulationClock _clock;
        private readonly ITimer _inner;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public TrackedTimer(SimulationClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _inner = clock._fake.CreateTimer(
                s =>
                {
                    OnFired();
                    callback(s);
                },
                state,
                Timeout.InfiniteTimeSpan,
                Timeout.InfiniteTimeSpan);
        }

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_clock._timers)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
                _period = period;
            }

            return _inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            lock (_clock._timers)
            {
                _clock._timers.Remove(this);
                DueAt = null;
            }

            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }

        private void OnFired()
        {
            lock (_clock._timers)
            {
                DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : DueAt + _period;
            }
        }
    }
}
