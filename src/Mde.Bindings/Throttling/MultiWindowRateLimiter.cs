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
public sealed class MultiWindowRateLimiter : RateLimiter
{
    private static readonly TimeSpan s_longestTimerDue = TimeSpan.FromDays(7);

    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly Window[] _windows;
    private readonly long _longestWindowTicks;
    private readonly int _largestRequest;
    private readonly int _queueLimit;
    private readonly GrantLog _log;
    private readonly ITimer _timer;

    private long _pausedUntil = long.MinValue;
    private Waiter? _head;
    private Waiter? _tail;
    private long _queuedPermits;
    private long _successfulLeases;
    private long _failedLeases;
    private bool _disposed;

    /// <summary>Creates a limiter.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it and its allowed values.</exception>
    public MultiWindowRateLimiter(MultiWindowRateLimiterOptions options)
    {
        _windows = Validate(options);
        _queueLimit = options.QueueLimit;
        _time = options.TimeProvider;
        _origin = _time.GetTimestamp();
        _largestRequest = _windows.Length == 0 ? int.MaxValue : _windows.Min(static w => w.Limit);
        _longestWindowTicks = _windows.Length == 0 ? 0 : _windows.Max(static w => w.Ticks);
        _log = new GrantLog(_windows.Length == 0 ? 0 : _windows.Max(static w => w.Limit));
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
                if (_head is not null || _pausedUntil > now)
                {
                    return null;
                }

                long idleSince = Math.Max(0, _pausedUntil);
                if (_log.Count > 0)
                {
                    idleSince = Math.Max(idleSince, _log.Newest + _longestWindowTicks);
                }

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
            long available = _windows.Length == 0 ? int.MaxValue : long.MaxValue;
            foreach (Window window in _windows)
            {
                available = Math.Min(available, window.Limit - _log.CountAfter(now - window.Ticks));
            }

            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _pausedUntil > now ? 0 : Math.Max(0, available),
                CurrentQueuedCount = _queuedPermits,
                TotalSuccessfulLeases = _successfulLeases,
                TotalFailedLeases = _failedLeases,
            };
        }
    }

    /// <summary>
    /// Grants <paramref name="permitCount"/> permits now if every window has room and nobody is queued ahead;
    /// otherwise returns a refused lease whose <see cref="MetadataName.RetryAfter"/> is the exact wait.
    /// <paramref name="permitCount"/> 0 only checks that a permit is free.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        CheckPermitCount(permitCount);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long now = Now();
            if (_head is null && ReadyAt(_log, permitCount) <= now)
            {
                Grant(now, permitCount);
                return LimiterLease.Granted;
            }

            string reason = _pausedUntil > now
                ? "the server asked to wait (Retry-After) and the pause is still in force"
                : _head is not null ? "callers are queued ahead" : "a rate-limit window is full";
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
        CheckPermitCount(permitCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long now = Now();
            if (_head is null && ReadyAt(_log, permitCount) <= now)
            {
                Grant(now, permitCount);
                return new(LimiterLease.Granted);
            }

            if (_queuedPermits + permitCount > _queueLimit)
            {
                string reason = string.Create(CultureInfo.InvariantCulture, $"the queue is full ({_queuedPermits} permits waiting, queue limit {_queueLimit})");
                return new(Refuse(now, permitCount, reason));
            }

            var waiter = new Waiter(this, permitCount);
            Enqueue(waiter);
            if (waiter == _head)
            {
                Schedule(ReadyAt(_log, permitCount), now);
            }

            if (cancellationToken.CanBeCanceled)
            {
                // Inside the lock: a token cancelled meanwhile runs the callback here, and the lock is re-entrant.
                waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Owner.Cancel((Waiter)state!, token), waiter);
            }

            return new(waiter.Task);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        Waiter? pending;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = _head;
            _head = _tail = null;
            _queuedPermits = 0;
            for (Waiter? w = pending; w is not null; w = w.Next)
            {
                w.Queued = false;
                w.NextReleased = w.Next;
            }
        }

        _timer.Dispose();
        for (Waiter? w = pending; w is not null; w = w.NextReleased)
        {
            w.Registration.Unregister();
            w.TrySetResult(LimiterLease.Refused(null, "the rate limiter was disposed"));
        }
    }

    /// <inheritdoc/>
    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return default;
    }

    /// <summary>Checks <paramref name="options"/> and returns the windows as enforced.</summary>
    internal static Window[] Validate(MultiWindowRateLimiterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Windows is null)
        {
            throw new ArgumentException("MultiWindowRateLimiterOptions.Windows is null: give the windows to enforce, or an empty list for no limit.", nameof(options));
        }

        if (double.IsNaN(options.SafetyMargin) || options.SafetyMargin is < 0 or > 1)
        {
            throw new ArgumentException($"MultiWindowRateLimiterOptions.SafetyMargin is {options.SafetyMargin}: it is a fraction of each window between 0 and 1 (default {MultiWindowRateLimiterOptions.DefaultSafetyMargin}).", nameof(options));
        }

        if (options.QueueLimit < 0)
        {
            throw new ArgumentException($"MultiWindowRateLimiterOptions.QueueLimit is {options.QueueLimit}: use 0 (never queue) or more.", nameof(options));
        }

        if (options.ReservedPermits < 0)
        {
            throw new ArgumentException($"MultiWindowRateLimiterOptions.ReservedPermits is {options.ReservedPermits}: use 0 or more.", nameof(options));
        }

        if (options.TimeProvider is null)
        {
            throw new ArgumentException("MultiWindowRateLimiterOptions.TimeProvider is null: use TimeProvider.System or a test clock.", nameof(options));
        }

        var windows = new Window[options.Windows.Count];
        for (int i = 0; i < windows.Length; i++)
        {
            RateLimitWindow window = options.Windows[i];
            if (window.PermitLimit < 1 || window.Window <= TimeSpan.Zero)
            {
                throw new ArgumentException($"Rate-limit window {i} ({window.PermitLimit} per {window.Window}) is invalid: a window needs a permit limit of at least 1 and a positive length.", nameof(options));
            }

            if (options.ReservedPermits >= window.PermitLimit)
            {
                throw new ArgumentException($"MultiWindowRateLimiterOptions.ReservedPermits ({options.ReservedPermits}) leaves no permit in the window {window}: reserve fewer than {window.PermitLimit}.", nameof(options));
            }

            long ticks = window.Window.Ticks;
            windows[i] = new Window(window.PermitLimit - options.ReservedPermits, ticks + (long)Math.Ceiling(ticks * options.SafetyMargin));
        }

        return windows;
    }

    private static long SaturatingAdd(long a, long b)
    {
        long sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? (b > 0 ? long.MaxValue : long.MinValue) : sum;
    }

    private long Now() => _time.GetElapsedTime(_origin).Ticks;

    private void CheckPermitCount(int permitCount)
    {
        if (permitCount > _largestRequest)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"{permitCount} permits can never be granted at once: the smallest window admits {_largestRequest}. Ask for at most {_largestRequest}.");
        }
    }

    /// <summary>The earliest time every window (and any pause) lets <paramref name="permitCount"/> more grants into <paramref name="log"/>.</summary>
    private long ReadyAt(GrantLog log, int permitCount)
    {
        // 0 permits asks whether one is free.
        int permits = Math.Max(permitCount, 1);
        long ready = _pausedUntil;
        foreach (Window window in _windows)
        {
            // After the grant the window may hold Limit entries, so the entry Limit - permits + 1 places back must be out.
            int blocking = window.Limit - permits + 1;
            if (blocking <= log.Count)
            {
                ready = Math.Max(ready, log.NthNewest(blocking) + window.Ticks);
            }
        }

        return ready;
    }

    /// <summary>When a request of <paramref name="permitCount"/> joining the back of the queue now would be granted.</summary>
    private long ProjectedGrantTime(int permitCount, long now)
    {
        if (_head is null)
        {
            return Math.Max(now, ReadyAt(_log, permitCount));
        }

        // Replay the queue's grants on a copy of the log: each waiter is granted as early as the windows allow, in order.
        GrantLog log = _log.Clone();
        long at = now;
        for (Waiter? w = _head; w is not null; w = w.Next)
        {
            at = Math.Max(at, ReadyAt(log, w.Permits));
            log.Append(at, w.Permits);
        }

        return Math.Max(at, ReadyAt(log, permitCount));
    }

    private void Grant(long now, int permitCount)
    {
        if (permitCount > 0)
        {
            _log.Append(now, permitCount);
            _successfulLeases++;
        }
    }

    private RateLimitLease Refuse(long now, int permitCount, string reason)
    {
        if (permitCount > 0)
        {
            _failedLeases++;
        }

        return LimiterLease.Refused(TimeSpan.FromTicks(ProjectedGrantTime(permitCount, now) - now), reason);
    }

    private void PauseUntil(long until, long now)
    {
        if (_disposed || until <= now || until <= _pausedUntil)
        {
            return;
        }

        _pausedUntil = until;
        if (_head is not null)
        {
            Schedule(ReadyAt(_log, _head.Permits), now);
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
        Waiter? released;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            released = ReleaseReady(Now());
        }

        CompleteGranted(released);
    }

    /// <summary>Grants queued waiters from the head while their permits are free; returns them chained for completion outside the lock.</summary>
    private Waiter? ReleaseReady(long now)
    {
        Waiter? first = null, last = null;
        while (_head is { } head)
        {
            long ready = ReadyAt(_log, head.Permits);
            if (ready > now)
            {
                Schedule(ready, now);
                return first;
            }

            Dequeue(head);
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

    private static void CompleteGranted(Waiter? released)
    {
        while (released is not null)
        {
            Waiter next = released.NextReleased!;
            released.Registration.Unregister();
            released.TrySetResult(LimiterLease.Granted);
            released = next;
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        Waiter? released = null;
        lock (_lock)
        {
            if (!waiter.Queued)
            {
                return;
            }

            bool wasHead = waiter == _head;
            Dequeue(waiter);
            if (wasHead)
            {
                // The next waiter may ask for fewer permits than the one that left, and be servable now.
                released = ReleaseReady(Now());
            }
        }

        waiter.TrySetCanceled(token);
        CompleteGranted(released);
    }

    private void Enqueue(Waiter waiter)
    {
        waiter.Queued = true;
        waiter.Previous = _tail;
        if (_tail is null)
        {
            _head = waiter;
        }
        else
        {
            _tail.Next = waiter;
        }

        _tail = waiter;
        _queuedPermits += waiter.Permits;
    }

    private void Dequeue(Waiter waiter)
    {
        if (waiter.Previous is null)
        {
            _head = waiter.Next;
        }
        else
        {
            waiter.Previous.Next = waiter.Next;
        }

        if (waiter.Next is null)
        {
            _tail = waiter.Previous;
        }
        else
        {
            waiter.Next.Previous = waiter.Previous;
        }

        waiter.Previous = waiter.Next = null;
        waiter.Queued = false;
        _queuedPermits -= waiter.Permits;
    }

    /// <summary>A window as enforced: the limit less reserved permits, the length with the safety margin, in ticks.</summary>
    internal readonly record struct Window(int Limit, long Ticks);

    /// <summary>A queued request: a node of the FIFO queue and the task its caller awaits.</summary>
    private sealed class Waiter(MultiWindowRateLimiter owner, int permits)
        : TaskCompletionSource<RateLimitLease>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public MultiWindowRateLimiter Owner { get; } = owner;

        public int Permits { get; } = permits;

        public bool Queued { get; set; }

        public Waiter? Previous { get; set; }

        public Waiter? Next { get; set; }

        /// <summary>Links waiters taken off the queue under the lock, to complete them after it is released.</summary>
        public Waiter? NextReleased { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
