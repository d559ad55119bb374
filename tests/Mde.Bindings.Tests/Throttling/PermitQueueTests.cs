using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Tests.Throttling;

/// <summary>The one waiting queue of both limiters, driven alone with a recorder as its limiter.</summary>
public sealed class PermitQueueTests
{
    private readonly List<(PermitWaiter Waiter, CancellationToken Token)> _cancelled = [];
    private readonly PermitQueue _queue;

    public PermitQueueTests()
    {
        // A limiter's own Cancel removes the waiter under its lock; the recorder does the same.
        _queue = new PermitQueue((waiter, token) =>
        {
            _cancelled.Add((waiter, token));
            if (_queue!.TryRemove(waiter, out _))
            {
                waiter.TrySetCanceled(token);
            }
        });
    }

    [Fact]
    public void Waiters_leave_first_in_first_out_and_the_queue_counts_their_permits()
    {
        PermitWaiter a = _queue.Enqueue(1, CancellationToken.None);
        PermitWaiter b = _queue.Enqueue(3, CancellationToken.None);
        PermitWaiter c = _queue.Enqueue(2, CancellationToken.None);
        Assert.Equal(6, _queue.QueuedPermits);
        Assert.Same(a, _queue.Head);

        _queue.Remove(b);
        Assert.False(b.Queued);
        Assert.Equal(3, _queue.QueuedPermits);
        _queue.Remove(a);
        Assert.Same(c, _queue.Head);
        _queue.Remove(c);
        Assert.True(_queue.IsEmpty);
        Assert.Equal(0, _queue.QueuedPermits);

        // Emptied, it links a newcomer as head again.
        Assert.Same(_queue.Enqueue(1, CancellationToken.None), _queue.Head);
    }

    [Fact]
    public void Cancelling_a_queued_waiter_tells_the_limiter_with_the_caller_s_token()
    {
        using var cancel = new CancellationTokenSource();
        PermitWaiter head = _queue.Enqueue(1, CancellationToken.None);
        PermitWaiter middle = _queue.Enqueue(2, cancel.Token);
        PermitWaiter last = _queue.Enqueue(1, CancellationToken.None);

        cancel.Cancel();

        (PermitWaiter waiter, CancellationToken token) = Assert.Single(_cancelled);
        Assert.Same(middle, waiter);
        Assert.Equal(cancel.Token, token);
        Assert.True(middle.Task.IsCanceled);
        Assert.Equal(2, _queue.QueuedPermits);
        Assert.Same(head, _queue.Head);
        _queue.Remove(head);
        Assert.Same(last, _queue.Head);
    }

    [Fact]
    public void TryRemove_says_whether_the_waiter_was_still_queued_and_at_the_head()
    {
        PermitWaiter head = _queue.Enqueue(1, CancellationToken.None);
        PermitWaiter next = _queue.Enqueue(1, CancellationToken.None);

        Assert.True(_queue.TryRemove(next, out bool wasHead));
        Assert.False(wasHead);
        Assert.False(_queue.TryRemove(next, out _));
        Assert.True(_queue.TryRemove(head, out wasHead));
        Assert.True(wasHead);
        Assert.True(_queue.IsEmpty);
    }

    [Fact]
    public void A_token_already_cancelled_is_handled_while_the_waiter_is_enqueued()
    {
        PermitWaiter waiter = _queue.Enqueue(1, new CancellationToken(canceled: true));

        Assert.Same(waiter, Assert.Single(_cancelled).Waiter);
        Assert.False(waiter.Queued);
        Assert.True(_queue.IsEmpty);
    }

    [Fact]
    public async Task A_completed_waiter_no_longer_listens_to_its_token()
    {
        using var cancel = new CancellationTokenSource();
        PermitWaiter waiter = _queue.Enqueue(1, cancel.Token);
        _queue.Remove(waiter);
        waiter.Complete(LimiterLease.Granted);

        cancel.Cancel();

        Assert.Empty(_cancelled);
        Assert.True((await waiter.Task).IsAcquired);
    }

    [Fact]
    public async Task RemoveAll_hands_back_every_waiter_in_order_to_complete_outside_the_lock()
    {
        using var cancel = new CancellationTokenSource();
        PermitWaiter a = _queue.Enqueue(1, cancel.Token);
        PermitWaiter b = _queue.Enqueue(2, CancellationToken.None);

        PermitWaiter? chain = _queue.RemoveAll();
        Assert.True(_queue.IsEmpty);
        Assert.Equal(0, _queue.QueuedPermits);
        Assert.Same(a, chain);
        Assert.Same(b, a.NextReleased);
        Assert.Null(b.NextReleased);
        Assert.False(a.Queued || b.Queued);

        PermitQueue.CompleteAll(chain, LimiterLease.Disposed);
        cancel.Cancel();
        Assert.Empty(_cancelled);
        foreach (PermitWaiter w in new[] { a, b })
        {
            RateLimitLease lease = await w.Task;
            Assert.False(lease.IsAcquired);
            Assert.True(lease.TryGetMetadata(MetadataName.ReasonPhrase, out string? reason));
            Assert.Equal("the rate limiter was disposed", reason);
        }
    }

    [Fact]
    public async Task FailAll_gives_every_drained_waiter_the_exception()
    {
        PermitWaiter a = _queue.Enqueue(1, CancellationToken.None);
        PermitWaiter b = _queue.Enqueue(1, CancellationToken.None);
        var failure = new InvalidOperationException("boom");

        PermitQueue.FailAll(_queue.RemoveAll(), failure);

        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => a.Task));
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => b.Task));
    }
}
