using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mde.Bindings.Benchmarks.Throttle;

/// <summary>
/// Runs the simulated callers' continuations on one thread, the one that moves the clock, so that the clock only
/// moves once everything that can happen at the current instant has happened.
/// </summary>
internal sealed class SimulationContext : SynchronizationContext
{
    private static readonly TimeSpan s_stallLimit = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _work = new();

    public override void Post(SendOrPostCallback d, object? state) => _work.Enqueue((d, state));

    public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("The simulation only posts.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>
    /// Runs posted work until none is left and <paramref name="settled"/> holds: every caller then waits for the clock.
    /// Work can also arrive from the thread pool (a library continuation that does not come back to this context),
    /// which is why <paramref name="settled"/> is asked, not just the queue.
    /// </summary>
    public void RunUntilSettled(Func<bool> settled)
    {
        var spin = new SpinWait();
        long stalledSince = 0;
        while (true)
        {
            if (_work.TryDequeue(out (SendOrPostCallback Callback, object? State) item))
            {
                item.Callback(item.State);
                stalledSince = 0;
                spin.Reset();
                continue;
            }

            if (settled() && _work.IsEmpty)
            {
                return;
            }

            if (stalledSince == 0)
            {
                stalledSince = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(stalledSince) > s_stallLimit)
            {
                throw new InvalidOperationException("The simulation stalled: callers neither settled nor made progress for 30 s.");
            }

            spin.SpinOnce();
        }
    }
}
