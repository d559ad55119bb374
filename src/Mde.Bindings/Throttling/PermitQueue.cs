using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>
/// The FIFO queue of callers waiting for permits, as a linked list through the waiters themselves (no node to
/// allocate, removal from anywhere in constant time), with the count of permits it holds.
/// </summary>
/// <remarks>
/// Not thread-safe: its limiter calls it under its own lock, which must be re-entrant (a token already cancelled
/// runs <c>cancelled</c> inside <see cref="Enqueue"/>). Waiters are completed outside that lock.
/// </remarks>
/// <param name="cancelled">What the limiter does when a queued caller's token is cancelled (called on the token's thread, or inside <see cref="Enqueue"/> when the token is already cancelled).</param>
internal sealed class PermitQueue(Action<PermitWaiter, CancellationToken> cancelled)
{
    private readonly Action<PermitWaiter, CancellationToken> _cancelled = cancelled;
    private PermitWaiter? _tail;

    /// <summary>The waiter served next, or <see langword="null"/> when nobody waits.</summary>
    public PermitWaiter? Head { get; private set; }

    /// <summary>Whether nobody waits.</summary>
    public bool IsEmpty => Head is null;

    /// <summary>How many permits the waiters ask for together.</summary>
    public long QueuedPermits { get; private set; }

    /// <summary>Adds a caller asking for <paramref name="permits"/> at the back, removed again when <paramref name="cancellationToken"/> is cancelled.</summary>
    public PermitWaiter Enqueue(int permits, CancellationToken cancellationToken)
    {
        var waiter = new PermitWaiter(this, permits) { Queued = true, Previous = _tail };
        if (_tail is null)
        {
            Head = waiter;
        }
        else
        {
            _tail.Next = waiter;
        }

        _tail = waiter;
        QueuedPermits += permits;
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.UnsafeRegister(static (state, token) => OnCancelled((PermitWaiter)state!, token), waiter);
        }

        return waiter;
    }

    /// <summary>Takes <paramref name="waiter"/> out of the queue, wherever it stands; it must be <see cref="PermitWaiter.Queued"/>.</summary>
    public void Remove(PermitWaiter waiter)
    {
        if (waiter.Previous is null)
        {
            Head = waiter.Next;
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
        QueuedPermits -= waiter.Permits;
    }

    /// <summary>
    /// Takes <paramref name="waiter"/> out if it is still queued (a caller's cancellation may race its grant) and
    /// says whether it was the head, whose leaving may let the next waiter in.
    /// </summary>
    public bool TryRemove(PermitWaiter waiter, out bool wasHead)
    {
        wasHead = waiter == Head;
        if (!waiter.Queued)
        {
            return false;
        }

        Remove(waiter);
        return true;
    }

    /// <summary>Empties the queue and returns its waiters in order, chained through <see cref="PermitWaiter.NextReleased"/>.</summary>
    public PermitWaiter? RemoveAll()
    {
        PermitWaiter? first = Head;
        for (PermitWaiter? w = first; w is not null; w = w.Next)
        {
            w.Queued = false;
            w.NextReleased = w.Next;
        }

        Head = _tail = null;
        QueuedPermits = 0;
        return first;
    }

    /// <summary>Completes every waiter of a chain made under the lock (<see cref="PermitWaiter.NextReleased"/>) with <paramref name="lease"/>.</summary>
    public static void CompleteAll(PermitWaiter? chain, RateLimitLease lease)
    {
        while (chain is not null)
        {
            PermitWaiter? next = chain.NextReleased;
            chain.Complete(lease);
            chain = next;
        }
    }

    /// <summary>Fails every waiter of a chain made under the lock with <paramref name="exception"/>.</summary>
    public static void FailAll(PermitWaiter? chain, Exception exception)
    {
        while (chain is not null)
        {
            PermitWaiter? next = chain.NextReleased;
            chain.Fail(exception);
            chain = next;
        }
    }

    private static void OnCancelled(PermitWaiter waiter, CancellationToken token) => waiter.Queue._cancelled(waiter, token);
}
