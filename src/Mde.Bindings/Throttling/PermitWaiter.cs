using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>A caller waiting for permits: a node of a <see cref="PermitQueue"/>, and the task the caller awaits.</summary>
internal sealed class PermitWaiter : TaskCompletionSource<RateLimitLease>
{
    internal PermitWaiter(PermitQueue queue, int permits)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Queue = queue;
        Permits = permits;
    }

    /// <summary>The queue the waiter joined; its owner is told when the caller cancels.</summary>
    public PermitQueue Queue { get; }

    /// <summary>How many permits the caller asked for.</summary>
    public int Permits { get; }

    /// <summary>Whether the waiter is still in its queue (neither served, cancelled nor drained).</summary>
    public bool Queued { get; internal set; }

    /// <summary>
    /// Links waiters taken off the queue under the owner's lock, to complete them once it is released
    /// (<see cref="PermitQueue.CompleteAll"/>).
    /// </summary>
    public PermitWaiter? NextReleased { get; set; }

    internal PermitWaiter? Previous { get; set; }

    internal PermitWaiter? Next { get; set; }

    internal CancellationTokenRegistration Registration { get; set; }

    /// <summary>Stops listening to the caller's token and completes the task with <paramref name="lease"/>.</summary>
    public void Complete(RateLimitLease lease)
    {
        Registration.Unregister();
        TrySetResult(lease);
    }

    /// <summary>Stops listening to the caller's token and fails the task with <paramref name="exception"/>.</summary>
    public void Fail(Exception exception)
    {
        Registration.Unregister();
        TrySetException(exception);
    }
}
