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
    private readonly EnforcedWindow[] _shared;
    private readonly EnforcedWindow[] _degraded;
    private readonly long _longestTicks;
    private readonly int _largestRequest;
    private readonly long _origin;
    private readonly OwnGrantLog _own;
    private readonly object _lock = new();
    private readonly LinkedList<Waiter> _queue = new();

    private long _queuedPermits;
    private bool _pumping;
    private int _wakeVersion;
    private CancellationTokenSource? _sleep;
    private long _notBefore = long.MinValue;
    private int _notBeforePermits;
    private long _pausedUntil = long.MinValue;
    private long _nextId;
    private int _writtenBack;
    private int _left;
    private long _successfulLeases;
    private long _failedLeases;
    private bool _disposed;

    public RedisPartitionLimiter(RedisPartitionContext context, RateLimitPartitionKey partition, EndpointDescription endpoint)
    {
        _context = context;
        Partition = partition;
        Endpoint = endpoint;
        _keys = RedisPartitionKeys.For(context.Options.KeyPrefix, partition);
        _shared = EnforcedWindow.Shared(endpoint.Limits, context.Options);
        _degraded = EnforcedWindow.Degraded(endpoint.Limits, context.Options);
        _longestTicks = _shared.Length == 0 ? 0 : _shared.Max(static w => w.Length.Ticks);
        _largestRequest = _shared.Length == 0 ? int.MaxValue : _shared.Min(static w => w.Limit);
        _left = _largestRequest;
        _own = new OwnGrantLog(_shared.Length == 0 ? 0 : _shared.Max(static w => w.Limit));
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
                if (_queue.Count > 0 || _pumping || _pausedUntil > now)
                {
                    return null;
                }

                long idleSince = _own.Count > 0 ? _own.NthNewestStamp(1) + _longestTicks : 0;
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
            bool held = _pausedUntil > now || _queue.Count > 0;
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = held ? 0 : _left,
                CurrentQueuedCount = _queuedPermits,
                TotalSuccessfulLeases = _successfulLeases,
                TotalFailedLeases = _failedLeases,
            };
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
        CheckPermitCount(permitCount);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long now = Now();
            if (_queue.Count > 0)
            {
                return Refuse(now, permitCount, "callers are queued ahead");
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
        CheckPermitCount(permitCount);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<RateLimitLease>(cancellationToken);
        }

        var waiter = new Waiter(this, permitCount);
        bool startPump;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_queuedPermits + permitCount > _context.Options.QueueLimit)
            {
                long now = Now();
                if (_queue.Count == 0 && KnownWait(now, permitCount) is null)
                {
                    // Nobody to overtake and no wait known: one attempt, granted if a permit is free, never queued.
                    return new(AttemptOnceAsync(Prepare(permitCount)));
                }

                string reason = string.Create(CultureInfo.InvariantCulture, $"the queue is full ({_queuedPermits} permits waiting in this process, queue limit {_context.Options.QueueLimit})");
                return new(Refuse(now, permitCount, reason));
            }

            waiter.Node = _queue.AddLast(waiter);
            _queuedPermits += permitCount;
            startPump = !_pumping;
            _pumping = true;
            if (cancellationToken.CanBeCanceled)
            {
                // Inside the lock: a token cancelled meanwhile runs the callback here, and the lock is re-entrant.
                waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).Owner.Cancel((Waiter)state!, token), waiter);
            }
        }

        if (startPump)
        {
            _ = Task.Run(PumpAsync);
        }

        return new(waiter.Task);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> pending;
        CancellationTokenSource? sleep;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pending = DrainQueue();
            sleep = _sleep;
        }

        sleep?.Cancel();
        CompleteDrained(pending, static waiter => waiter.TrySetResult(LimiterLease.Refused(null, "the rate limiter was disposed")));
    }

    protected override ValueTask DisposeAsyncCore()
    {
        Dispose(true);
        return default;
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
                _successfulLeases += permits > 0 ? 1 : 0;
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
            Waiter head;
            int version;
            long? known;
            Attempt attempt = default;
            lock (_lock)
            {
                if (_disposed || _queue.First is null)
                {
                    _pumping = false;
                    return;
                }

                head = _queue.First.Value;
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
    private void Deliver(Waiter head)
    {
        Waiter? served = null;
        lock (_lock)
        {
            if (head.Node is not null)
            {
                served = head;
            }
            else if (_queue.First?.Value is { } next && next.Permits <= head.Permits)
            {
                // Its permits are spent in Redis already; giving them to the next caller wastes none.
                served = next;
            }

            if (served is not null)
            {
                _queue.Remove(served.Node!);
                served.Node = null;
                _queuedPermits -= served.Permits;
                _successfulLeases += served.Permits > 0 ? 1 : 0;
            }
        }

        if (served is not null)
        {
            served.Registration.Dispose();
            served.TrySetResult(LimiterLease.Granted);
        }
    }

    /// <summary>Something other than Redis being unreachable broke an attempt: every waiter gets the exception, none hangs.</summary>
    private void FailAll(Exception exception)
    {
        List<Waiter> pending;
        lock (_lock)
        {
            pending = DrainQueue();
            _pumping = false;
        }

        CompleteDrained(pending, waiter => waiter.TrySetException(exception));
    }

    /// <summary>Empties the queue; the caller holds the lock, and completes the waiters it returns once out of it.</summary>
    private List<Waiter> DrainQueue()
    {
        List<Waiter> drained = [.. _queue];
        _queue.Clear();
        _queuedPermits = 0;
        return drained;
    }

    /// <summary>Detaches each drained waiter from its cancellation and completes it with <paramref name="complete"/>.</summary>
    private static void CompleteDrained(List<Waiter> drained, Action<Waiter> complete)
    {
        foreach (Waiter waiter in drained)
        {
            waiter.Node = null;
            waiter.Registration.Dispose();
            complete(waiter);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        CancellationTokenSource? wake = null;
        lock (_lock)
        {
            if (waiter.Node is null)
            {
                return;
            }

            bool wasHead = _queue.First == waiter.Node;
            _queue.Remove(waiter.Node);
            waiter.Node = null;
            _queuedPermits -= waiter.Permits;
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
            foreach ((long stamp, long id) in _own.After(now - _longestTicks))
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
                _own.Append(now, attempt.FirstId, permits);
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
            long ready = Math.Max(_own.ReadyAt(_degraded, permits), _pausedUntil);
            if (ready > now)
            {
                _left = 0;
                return new Decision(false, TimeSpan.FromTicks(ready - now));
            }

            if (permits > 0)
            {
                _own.Append(now, _nextId, permits);
                _nextId += permits;
            }

            _left = _own.Remaining(_degraded, now);
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
            until = Math.Max(until, _own.ReadyAt(_degraded, permits));
        }

        return until > now ? until - now : null;
    }

    private string Reason(long now) => _pausedUntil > now
        ? "the server asked to wait (Retry-After) and the pause is still in force"
        : "a rate-limit window is full";

    /// <summary>Under the lock: a refused lease whose wait estimates when a permit joining the back of this process's queue would be granted.</summary>
    private RateLimitLease Refuse(long now, int permitCount, string reason, long exactWait = 0)
    {
        if (permitCount > 0)
        {
            _failedLeases++;
        }

        // Other processes spend the same windows, so beyond the wait already known this is an estimate: the queue
        // ahead drains at each window's rate at best.
        long wait = Math.Max(exactWait, KnownWait(now, Math.Max(permitCount, 1)) ?? 0);
        long ahead = _queuedPermits + permitCount;
        foreach (EnforcedWindow window in _shared)
        {
            wait = Math.Max(wait, ahead * window.Length.Ticks / window.Limit);
        }

        return LimiterLease.Refused(TimeSpan.FromTicks(wait), reason);
    }

    private long Now() => _context.Time.GetElapsedTime(_origin).Ticks;

    private void CheckPermitCount(int permitCount)
    {
        if (permitCount > _largestRequest)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"{permitCount} permits can never be granted at once: the smallest window admits {_largestRequest}. Ask for at most {_largestRequest}.");
        }
    }

    /// <summary>An attempt about to be made: whether to ask Redis (else decide locally), and what to send.</summary>
    private readonly record struct Attempt(int Permits, bool Ask, long FirstId, RedisValue[] Arguments, int Generation);

    private readonly record struct Decision(bool Granted, TimeSpan Wait);

    /// <summary>A caller waiting in this process's queue, and the task it awaits.</summary>
    private sealed class Waiter(RedisPartitionLimiter owner, int permits)
        : TaskCompletionSource<RateLimitLease>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public RedisPartitionLimiter Owner { get; } = owner;

        public int Permits { get; } = permits;

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }
}
