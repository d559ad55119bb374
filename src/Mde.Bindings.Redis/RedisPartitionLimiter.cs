using System.Globalization;
using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;
using StackExchange.Redis;

namespace Mde.Bindings.Redis;

/// <summary>
/// One partition's limiter in one process. Every window lives in Redis (<see cref="RedisWindowScripts.Acquire"/>);
/// callers of this process wait in a local FIFO queue and only its head asks Redis, once, then sleeps for the exact
/// wait Redis answered, so that a queue of any length costs one call per grant or per wait. While Redis is
/// unreachable the partition enforces this process's share of each window on its own grants.
/// </summary>
internal sealed class RedisPartitionLimiter : RateLimiter
{
    /// <summary>AttemptAcquire's answer when only Redis knows: the same every time, so shared.</summary>
    private static readonly RateLimitLease s_askRedis = LimiterLease.Refused(TimeSpan.Zero, "the windows are counted in Redis, which AttemptAcquire does not call: use AcquireAsync");

    private readonly RedisPartitionContext _context;
    private readonly RedisPartitionKeys _keys;
    private readonly EnforcedWindows _shared;
    private readonly EnforcedWindows _degraded;
    private readonly long _origin;
    private readonly GrantLog _own;
    private readonly object _lock = new();
    private readonly PermitQueue _queue;

    private bool _pumping;
    private int _wakeVersion;
    private CancellationTokenSource? _sleep;
    private long _notBefore = long.MinValue;
    private int _notBeforePermits;
    private long _pausedUntil = long.MinValue;
    private long _nextId;
    private int _writtenBack;
    private int _left;
    private LeaseTotals _totals;
    private bool _disposed;

    public RedisPartitionLimiter(RedisPartitionContext context, RateLimitPartitionKey partition, EndpointDescription endpoint)
    {
        _context = context;
        Partition = partition;
        Endpoint = endpoint;
        _keys = RedisPartitionKeys.For(context.Options.KeyPrefix, partition);
        LimiterSettings settings = context.Options.Settings;

        // Every process together through Redis; while it is unreachable, this process alone at its share.
        _shared = settings.Enforce(endpoint.Limits, endpoint);
        _degraded = settings.Enforce(endpoint.Limits, endpoint, context.Options.WorkerCount);
        _left = _shared.LargestRequest;

        // The grants this process made, with their ids: counted against its share during an outage, and written back after it.
        _own = _shared.NewLog(keepIds: true);
        _queue = new PermitQueue(Cancel);
        _origin = context.Time.GetTimestamp();
        _writtenBack = context.Availability.Generation;
    }

    public RateLimitPartitionKey Partition { get; }

    /// <summary>The operation that created the partition (an operation sharing it must declare the same limits).</summary>
    public EndpointDescription Endpoint { get; }

    /// <summary>How long this process has had nothing queued and no grant of its own in any window; null while it has.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                long now = Now();
                if (!_queue.IsEmpty || _pumping || _pausedUntil > now)
                {
                    return null;
                }

                long idleSince = _shared.EmptySince(_own);
                return idleSince <= now ? TimeSpan.FromTicks(now - idleSince) : null;
            }
        }
    }

    /// <summary>Available permits as of the last answer (0 while paused or while callers wait), queued permits, lease totals.</summary>
    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            long now = Now();
            bool held = _pausedUntil > now || !_queue.IsEmpty;
            return _totals.Statistics(held ? 0 : _left, _queue.QueuedPermits);
        }
    }

    /// <summary>Holds every process's grants back for <paramref name="pause"/>: at once here, and in Redis for the others.</summary>
    public async Task PauseAsync(TimeSpan pause)
    {
        if (pause <= TimeSpan.Zero)
        {
            return;
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _pausedUntil = Math.Max(_pausedUntil, Now() + pause.Ticks);
        }

        if (!_context.Availability.ShouldAsk())
        {
            return;
        }

        try
        {
            await _context.Database.ScriptEvaluateAsync(RedisWindowScripts.Pause, [_keys.Pause], [RedisWindowScripts.Microseconds(pause)]).ConfigureAwait(false);
            _context.Availability.Succeeded();
        }
        catch (Exception ex)
        {
            _context.Availability.Failed(ex.Message, ex);
            RedisRateLimitLog.PauseNotShared(_context.Logger, Partition.ToString(), pause, ex);
        }
    }

    /// <summary>
    /// Answers at once, without a network call (a synchronous call to Redis would hold a thread for a round trip, and
    /// under load starve the pool that completes it): refused while callers are queued or a wait is known (the server's
    /// pause, the last answer's wait) with that wait; decided on this process's share while Redis is unreachable;
    /// otherwise refused with no wait, because only Redis knows: <see cref="RateLimiter.AcquireAsync"/> asks it.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        _shared.CheckPermitCount(permitCount);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long now = Now();
            if (!_queue.IsEmpty)
            {
                return Refuse(now, permitCount, LimiterLease.QueuedAheadReason);
            }

            if (KnownWait(now, permitCount) is not null)
            {
                return Refuse(now, permitCount, Reason(now));
            }

            if (_context.Availability.ShouldAsk())
            {
                return s_askRedis;
            }
        }

        return Conclude(permitCount, DecideLocally(permitCount));
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        _shared.CheckPermitCount(permitCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        }

        PermitWaiter waiter;
        bool startPump;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queue.QueuedPermits + permitCount > _context.Options.QueueLimit)
            {
                long now = Now();
                if (_queue.IsEmpty && KnownWait(now, permitCount) is null)
                {
                    // Nobody to overtake and no wait known: one attempt, granted if a permit is free, never queued.
                    return new(AttemptOnceAsync(Prepare(permitCount)));
                }

                string reason = string.Create(CultureInfo.InvariantCulture, $"the queue is full ({_queue.QueuedPermits} permits waiting in this process, queue limit {_context.Options.QueueLimit})");
                return new(Refuse(now, permitCount, reason));
            }

            startPump = !_pumping;
            _pumping = true;

            // Inside the lock: a token cancelled meanwhile runs Cancel here, and the lock is re-entrant.
            waiter = _queue.Enqueue(permitCount, cancellationToken);
        }

        if (startPump)
        {
            _ = Task.Run(PumpAsync, CancellationToken.None);
        }

        return new(waiter.Task);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }

        PermitWaiter? pending;
        CancellationTokenSource? sleep;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = _queue.RemoveAll();
            sleep = _sleep;
        }

        sleep?.Cancel();
        PermitQueue.CompleteAll(pending, LimiterLease.Disposed);
    }

    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return base.DisposeAsyncCore();
    }

    private async Task<RateLimitLease> AttemptOnceAsync(Attempt attempt)
    {
        Decision decision = attempt.Ask ? await ConcludeAsync(attempt).ConfigureAwait(false) : DecideLocally(attempt.Permits);
        return Conclude(attempt.Permits, decision);
    }

    /// <summary>The lease of an attempt that was not queued.</summary>
    private RateLimitLease Conclude(int permits, Decision decision)
    {
        lock (_lock)
        {
            if (decision.Granted)
            {
                _totals.Granted(permits);
                return LimiterLease.Granted;
            }

            long now = Now();
            return Refuse(now, permits, Reason(now), decision.Wait.Ticks);
        }
    }

    /// <summary>Serves the queue from its head, one attempt at a time, sleeping for each wait Redis answers.</summary>
    private async Task PumpAsync()
    {
        while (true)
        {
            PermitWaiter head;
            int version;
            long? known;
            Attempt attempt = default;
            lock (_lock)
            {
                if (_disposed || _queue.Head is null)
                {
                    _pumping = false;
                    return;
                }

                head = _queue.Head;
                version = _wakeVersion;
                known = KnownWait(Now(), head.Permits);
                if (known is null)
                {
                    attempt = Prepare(head.Permits);
                }
            }

            Decision decision;
            try
            {
                decision = known is { } wait ? new Decision(false, TimeSpan.FromTicks(wait))
                    : attempt.Ask ? await ConcludeAsync(attempt).ConfigureAwait(false)
                    : DecideLocally(head.Permits);
            }
            catch (Exception ex)
            {
                FailAll(ex);
                return;
            }

            if (decision.Granted)
            {
                Deliver(head);
                continue;
            }

            await SleepAsync(decision.Wait, version).ConfigureAwait(false);
        }
    }

    private async Task SleepAsync(TimeSpan wait, int version)
    {
        CancellationTokenSource sleep;
        lock (_lock)
        {
            if (_disposed || version != _wakeVersion)
            {
                return;
            }

            sleep = _sleep = new CancellationTokenSource();
        }

        try
        {
            // Timers fire on whole milliseconds: rounding up keeps the pump from asking again a moment too early.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), _context.Time, sleep.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Woken: the head left, or the limiter was disposed.
        }
        finally
        {
            lock (_lock)
            {
                if (_sleep == sleep)
                {
                    _sleep = null;
                }
            }

            sleep.Dispose();
        }
    }

    /// <summary>Hands a grant to the head it was asked for; if that head left meanwhile, to the next one when it fits.</summary>
    private void Deliver(PermitWaiter head)
    {
        PermitWaiter? served = null;
        lock (_lock)
        {
            if (head.Queued)
            {
                served = head;
            }
            else if (_queue.Head is { } next && next.Permits <= head.Permits)
            {
                // Its permits are spent in Redis already; giving them to the next caller wastes none.
                served = next;
            }

            if (served is not null)
            {
                _queue.Remove(served);
                _totals.Granted(served.Permits);
            }
        }

        served?.Complete(LimiterLease.Granted);
    }

    /// <summary>Something other than Redis being unreachable broke an attempt: every waiter gets the exception, none hangs.</summary>
    private void FailAll(Exception exception)
    {
        PermitWaiter? pending;
        lock (_lock)
        {
            pending = _queue.RemoveAll();
            _pumping = false;
        }

        PermitQueue.FailAll(pending, exception);
    }

    private void Cancel(PermitWaiter waiter, CancellationToken token)
    {
        CancellationTokenSource? wake = null;
        lock (_lock)
        {
            if (!_queue.TryRemove(waiter, out bool wasHead))
            {
                return;
            }

            if (wasHead)
            {
                // The next caller may ask for fewer permits, free sooner than the wait the pump sleeps on.
                _wakeVersion++;
                wake = _sleep;
            }
        }

        waiter.TrySetCanceled(token);
        try
        {
            wake?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The pump woke and disposed it meanwhile.
        }
    }

    /// <summary>Under the lock: reserves grant ids and, when Redis may have lost them, gathers this process's grants to write back.</summary>
    private Attempt Prepare(int permits)
    {
        if (!_context.Availability.ShouldAsk())
        {
            return new Attempt(permits, false, 0, [], 0);
        }

        long firstId = _nextId;
        _nextId += Math.Max(permits, 1);
        int generation = _context.Availability.Generation;
        List<(long, long)> writeBack = [];
        if (generation != _writtenBack)
        {
            long now = Now();
            foreach ((long stamp, long id) in _own.After(now - _shared.LongestTicks))
            {
                writeBack.Add(((now - stamp) / TimeSpan.TicksPerMicrosecond, id));
            }
        }

        RedisValue[] arguments = RedisWindowScripts.AcquireArguments(permits, _context.MemberPrefix, firstId, _shared, writeBack);
        return new Attempt(permits, true, firstId, arguments, generation);
    }

    /// <summary>Asks Redis for the attempt's permits.</summary>
    /// <remarks>
    /// Any failure of the call degrades: besides connection and timeout errors, a command cut off by a dying socket
    /// ends in a cancelled task, and a closed connection throws ObjectDisposedException. Rate limiting must not fail the
    /// call it guards because Redis failed; it falls back to this process's share and logs why.
    /// </remarks>
    private async Task<Decision> ConcludeAsync(Attempt attempt)
    {
        RedisAnswer answer;
        try
        {
            RedisResult result = await _context.Database.ScriptEvaluateAsync(RedisWindowScripts.Acquire, [_keys.Log, _keys.Pause], attempt.Arguments).ConfigureAwait(false);
            answer = RedisWindowScripts.ReadAcquire(result);
        }
        catch (Exception ex)
        {
            _context.Availability.Failed(ex.Message, ex);
            return DecideLocally(attempt.Permits);
        }

        return Record(attempt, answer);
    }

    private Decision Record(Attempt attempt, RedisAnswer answer)
    {
        _context.Availability.Succeeded();
        int permits = attempt.Permits;
        lock (_lock)
        {
            long now = Now();
            _writtenBack = attempt.Generation;
            _left = answer.Left;
            if (answer.Granted)
            {
                _own.Append(now, permits, attempt.FirstId);
                return new Decision(true, TimeSpan.Zero);
            }

            // Other processes only ever add grants, so the wait is a lower bound until it has passed.
            _notBefore = now + answer.Wait.Ticks;
            _notBeforePermits = permits;
            return new Decision(false, answer.Wait);
        }
    }

    /// <summary>Redis cannot be asked: this process's share of every window, counted on its own grants.</summary>
    private Decision DecideLocally(int permits)
    {
        lock (_lock)
        {
            long now = Now();
            long ready = Math.Max(_degraded.ReadyAt(_own, permits), _pausedUntil);
            if (ready > now)
            {
                _left = 0;
                return new Decision(false, TimeSpan.FromTicks(ready - now));
            }

            if (permits > 0)
            {
                _own.Append(now, permits, _nextId);
                _nextId += permits;
            }

            _left = _degraded.Available(_own, now);
            return new Decision(true, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// Under the lock: the wait this process already knows of (a pause, the last answer's wait, or its share during the
    /// probation after an outage), or null.
    /// </summary>
    private long? KnownWait(long now, int permits)
    {
        long until = _pausedUntil;
        if (permits >= _notBeforePermits)
        {
            until = Math.Max(until, _notBefore);
        }

        if (_context.Availability.InProbation)
        {
            until = Math.Max(until, _degraded.ReadyAt(_own, permits));
        }

        return until > now ? until - now : null;
    }

    private string Reason(long now) => _pausedUntil > now ? LimiterLease.PausedReason : LimiterLease.WindowFullReason;

    /// <summary>Under the lock: a refused lease whose wait estimates when a permit joining the back of this process's queue would be granted.</summary>
    private RateLimitLease Refuse(long now, int permitCount, string reason, long exactWait = 0)
    {
        _totals.Refused(permitCount);

        // Other processes spend the same windows, so beyond the wait already known this is an estimate: the queue
        // ahead drains at each window's rate at best.
        long wait = Math.Max(exactWait, KnownWait(now, Math.Max(permitCount, 1)) ?? 0);
        long ahead = _queue.QueuedPermits + permitCount;
        foreach (EnforcedWindow window in _shared.All)
        {
            wait = Math.Max(wait, ahead * window.Ticks / window.Limit);
        }

        return LimiterLease.Refused(TimeSpan.FromTicks(wait), reason);
    }

    private long Now() => _context.Time.GetElapsedTime(_origin).Ticks;

    /// <summary>An attempt about to be made: whether to ask Redis (else decide locally), and what to send.</summary>
    private readonly record struct Attempt(int Permits, bool Ask, long FirstId, RedisValue[] Arguments, int Generation);

    private readonly record struct Decision(bool Granted, TimeSpan Wait);

}
