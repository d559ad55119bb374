using System.Globalization;
using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>
/// A rate limiter that enforces several rolling windows at once (for example 100 calls a minute and 1500 an hour),
/// exactly: it keeps a log of recent grants and grants a permit at time t only when, for every window, fewer than
/// the window's limit were granted in (t − window, t]. When a permit is not free, the wait is exact too: the moment
/// the grant that blocks it leaves its window. Unlike the BCL's sliding window, which counts in segments and admits
/// up to a segment early, a strict server never sees more calls than it allows.
/// </summary>
/// <remarks>
/// <para>Callers that cannot be served wait in one FIFO queue (up to <see cref="MultiWindowRateLimiterOptions.QueueLimit"/>
/// permits); a single timer wakes the head of the queue exactly when its permits free, without polling. Cancelling a
/// wait removes it from the queue at once.</para>
/// <para>All time comes from <see cref="MultiWindowRateLimiterOptions.TimeProvider"/>. Thread-safe.</para>
/// </remarks>
internal sealed class MultiWindowRateLimiter : RateLimiter
{
    private static readonly TimeSpan s_longestTimerDue = TimeSpan.FromDays(7);

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly EnforcedWindows _windows;
    private readonly int _queueLimit;
    private readonly GrantLog _log;
    private readonly PermitQueue _queue;
    private readonly ITimer _timer;

    private long _pausedUntil = long.MinValue;
    private LeaseTotals _totals;
    private bool _disposed;

    /// <summary>Creates a limiter.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and its allowed values.</exception>
    public MultiWindowRateLimiter(MultiWindowRateLimiterOptions options)
    {
        _windows = Validate(options);
        _queueLimit = options.QueueLimit;
        _time = options.TimeProvider;
        _origin = _time.GetTimestamp();
        _log = _windows.NewLog();
        _queue = new PermitQueue(Cancel);
        _timer = _time.CreateTimer(static state => ((MultiWindowRateLimiter)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// How long every window has been empty, with nobody waiting and no pause in force; <see langword="null"/>
    /// while any of that is not so. A manager of many limiters may drop one that has been idle long enough.
    /// </summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                long now = Now();
                if (!_queue.IsEmpty || _pausedUntil > now)
                {
                    return null;
                }

                long idleSince = Math.Max(Math.Max(0, _pausedUntil), _windows.EmptySince(_log));

                return idleSince <= now ? TimeSpan.FromTicks(now - idleSince) : null;
            }
        }
    }

    /// <summary>
    /// Holds every grant back until <paramref name="until"/> (the server said 429 and when to come back).
    /// A pause only ever lengthens: an earlier <paramref name="until"/> than the one in force changes nothing.
    /// </summary>
    public void Pause(DateTimeOffset until)
    {
        lock (_lock)
        {
            long now = Now();
            PauseUntil(SaturatingAdd(now, (until - _time.GetUtcNow()).Ticks), now);
        }
    }

    /// <summary>Holds every grant back for <paramref name="duration"/> from now; see <see cref="Pause(DateTimeOffset)"/>.</summary>
    public void Pause(TimeSpan duration)
    {
        lock (_lock)
        {
            long now = Now();
            PauseUntil(SaturatingAdd(now, duration.Ticks), now);
        }
    }

    /// <summary>
    /// The limiter's figures: available permits (the fewest any window has left; 0 while paused), queued permits,
    /// and the totals of granted and refused leases.
    /// </summary>
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            long now = Now();
            return _totals.Statistics(_pausedUntil > now ? 0 : _windows.Available(_log, now), _queue.QueuedPermits);
        }
    }

    /// <summary>
    /// Grants <paramref name="permitCount"/> permits now if every window has room and nobody is queued ahead;
    /// otherwise returns a refused lease whose <see cref="MetadataName.RetryAfter"/> is the exact wait.
    /// <paramref name="permitCount"/> 0 only checks that a permit is free.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        _windows.CheckPermitCount(permitCount);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long now = Now();
            if (TryGrantNow(now, permitCount))
            {
                return LimiterLease.Granted;
            }

            string reason = _pausedUntil > now
                ? LimiterLease.PausedReason
                : !_queue.IsEmpty ? LimiterLease.QueuedAheadReason : LimiterLease.WindowFullReason;
            return Refuse(now, permitCount, reason);
        }
    }

    /// <summary>
    /// Grants <paramref name="permitCount"/> permits as soon as every window has room, after everyone queued ahead.
    /// When the queue is full the lease is refused at once, with the exact wait as <see cref="MetadataName.RetryAfter"/>.
    /// Cancelling <paramref name="cancellationToken"/> removes the wait from the queue and cancels the task.
    /// </summary>
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        _windows.CheckPermitCount(permitCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long now = Now();
            if (TryGrantNow(now, permitCount))
            {
                return new(LimiterLease.Granted);
            }

            if (_queue.QueuedPermits + permitCount > _queueLimit)
            {
                string reason = string.Create(CultureInfo.InvariantCulture, $"the queue is full ({_queue.QueuedPermits} permits waiting, queue limit {_queueLimit})");
                return new(Refuse(now, permitCount, reason));
            }

            // Inside the lock: a token cancelled meanwhile runs Cancel here, and the lock is re-entrant.
            PermitWaiter waiter = _queue.Enqueue(permitCount, cancellationToken);
            if (waiter == _queue.Head)
            {
                Schedule(ReadyAt(_log, permitCount), now);
            }

            return new(waiter.Task);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        PermitWaiter? pending;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = _queue.RemoveAll();
        }

        _timer.Dispose();
        PermitQueue.CompleteAll(pending, LimiterLease.Disposed);
    }

    /// <inheritdoc/>
    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return base.DisposeAsyncCore();
    }

    /// <summary>Checks <paramref name="options"/> and returns the windows as enforced.</summary>
    internal static EnforcedWindows Validate(MultiWindowRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Windows is null)
        {
            throw new ArgumentException("MultiWindowRateLimiterOptions.Windows is null: give the windows to enforce, or an empty list for no limit.", nameof(options));
        }

        LimiterSettings settings = options.Settings;
        settings.Validate();
        return settings.Enforce(options.Windows);
    }

    private static long SaturatingAdd(long a, long b)
    {
        long sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? (b > 0 ? long.MaxValue : long.MinValue) : sum;
    }

    private long Now() => _time.GetElapsedTime(_origin).Ticks;

    /// <summary>The earliest time every window (and any pause) lets <paramref name="permitCount"/> more grants into <paramref name="log"/>.</summary>
    private long ReadyAt(GrantLog log, int permitCount) => Math.Max(_pausedUntil, _windows.ReadyAt(log, permitCount));

    /// <summary>When a request of <paramref name="permitCount"/> joining the back of the queue now would be granted.</summary>
    private long ProjectedGrantTime(int permitCount, long now)
    {
        if (_queue.IsEmpty)
        {
            return Math.Max(now, ReadyAt(_log, permitCount));
        }

        // Replay the queue's grants on a copy of the log: each waiter is granted as early as the windows allow, in order.
        GrantLog log = _log.Clone();
        long at = now;
        for (PermitWaiter? w = _queue.Head; w is not null; w = w.Next)
        {
            at = Math.Max(at, ReadyAt(log, w.Permits));
            log.Append(at, w.Permits);
        }

        return Math.Max(at, ReadyAt(log, permitCount));
    }

    /// <summary>Grants <paramref name="permitCount"/> at <paramref name="now"/> when nobody waits ahead and every window (and any pause) allows.</summary>
    private bool TryGrantNow(long now, int permitCount)
    {
        if (!_queue.IsEmpty || ReadyAt(_log, permitCount) > now)
        {
            return false;
        }

        Grant(now, permitCount);
        return true;
    }

    private void Grant(long now, int permitCount)
    {
        _log.Append(now, permitCount);
        _totals.Granted(permitCount);
    }

    private RateLimitLease Refuse(long now, int permitCount, string reason)
    {
        _totals.Refused(permitCount);
        return LimiterLease.Refused(TimeSpan.FromTicks(ProjectedGrantTime(permitCount, now) - now), reason);
    }

    private void PauseUntil(long until, long now)
    {
        if (_disposed || until <= now || until <= _pausedUntil)
        {
            return;
        }

        _pausedUntil = until;
        if (_queue.Head is { } head)
        {
            Schedule(ReadyAt(_log, head.Permits), now);
        }
    }

    private void Schedule(long readyAt, long now)
    {
        // A far wake-up is cut into steps the timer can hold; waking early only re-arms the timer.
        TimeSpan due = TimeSpan.FromTicks(Math.Max(readyAt - now, 0));
        _timer.Change(due < s_longestTimerDue ? due : s_longestTimerDue, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        PermitWaiter? released;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            released = ReleaseReady(Now());
        }

        PermitQueue.CompleteAll(released, LimiterLease.Granted);
    }

    /// <summary>Grants queued waiters from the head while their permits are free; returns them chained for completion outside the lock.</summary>
    private PermitWaiter? ReleaseReady(long now)
    {
        PermitWaiter? first = null, last = null;
        while (_queue.Head is { } head)
        {
            long ready = ReadyAt(_log, head.Permits);
            if (ready > now)
            {
                Schedule(ready, now);
                return first;
            }

            _queue.Remove(head);
            Grant(now, head.Permits);
            if (last is null)
            {
                first = head;
            }
            else
            {
                last.NextReleased = head;
            }

            last = head;
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return first;
    }

    private void Cancel(PermitWaiter waiter, CancellationToken token)
    {
        PermitWaiter? released = null;
        lock (_lock)
        {
            if (!_queue.TryRemove(waiter, out bool wasHead))
            {
                return;
            }

            if (wasHead)
            {
                // The next waiter may ask for fewer permits than the one that left, and be servable now.
                released = ReleaseReady(Now());
            }
        }

        waiter.TrySetCanceled(token);
        PermitQueue.CompleteAll(released, LimiterLease.Granted);
    }
}
