using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.Throttling;

/// <summary>
/// Drives the limiter with random requests, cancellations and probes, and checks every step against a brute-force
/// model of the rules: no window ever over-full, grants in FIFO order, nobody left waiting whose permits are free,
/// and a refused probe's RetryAfter equal to the first moment the model would grant it.
/// </summary>
public sealed class MultiWindowRateLimiterModelTests
{
    // Whole seconds everywhere, and the clock moves a second at a time, so every wake-up falls on a step.
    private static readonly RateLimitWindow[] Windows = [new(5, TimeSpan.FromSeconds(10)), new(12, TimeSpan.FromSeconds(60))];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_step_agrees_with_the_model(int seed)
    {
        var random = new Random(seed);
        var clock = new FakeTimeProvider();
        using var limiter = new MultiWindowRateLimiter(new MultiWindowRateLimiterOptions { Windows = Windows, SafetyMargin = 0, QueueLimit = 40, TimeProvider = clock });
        var grants = new List<(int Second, int Permits)>();
        var queue = new List<Request>();
        int granted = 0, cancelled = 0;

        for (int second = 0; second < 1800; second++)
        {
            if (second > 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            granted += Collect(queue, grants, second);
            AssertHeadCannotBeServed(queue, grants, second);

            for (int action = random.Next(4); action > 0; action--)
            {
                switch (random.Next(10))
                {
                    case < 6:
                        int permits = random.Next(1, 4);
                        bool mayCancel = random.Next(3) == 0;
                        var cancel = mayCancel ? new CancellationTokenSource() : null;
                        bool expectGrant = queue.Count == 0 && Fits(grants, permits, second);
                        bool queueFull = queue.Sum(r => r.Permits) + permits > 40;
                        ValueTask<RateLimitLease> task = limiter.AcquireAsync(permits, cancel?.Token ?? CancellationToken.None);
                        if (expectGrant)
                        {
                            Assert.True(task.IsCompletedSuccessfully && Leases.Completed(task).IsAcquired, $"t={second}: {permits} free permits were not granted at once");
                            grants.Add((second, permits));
                            granted++;
                        }
                        else if (queueFull)
                        {
                            Assert.True(task.IsCompletedSuccessfully && !Leases.Completed(task).IsAcquired, $"t={second}: a request beyond the queue limit was not refused");
                        }
                        else
                        {
                            Assert.False(task.IsCompleted, $"t={second}: a request was completed although it had to wait");
                            queue.Add(new Request(permits, task, cancel));
                        }

                        break;

                    case < 8 when queue.Any(r => r.Cancel is not null):
                        Request victim = queue.Where(r => r.Cancel is not null).ElementAt(random.Next(queue.Count(r => r.Cancel is not null)));
                        victim.Cancel!.Cancel();
                        Assert.True(victim.Task.IsCanceled, $"t={second}: a cancelled waiter was not cancelled at once");
                        queue.Remove(victim);
                        cancelled++;
                        granted += Collect(queue, grants, second);
                        AssertHeadCannotBeServed(queue, grants, second);
                        break;

                    default:
                        int probe = random.Next(1, 4);
                        using (RateLimitLease lease = limiter.AttemptAcquire(probe))
                        {
                            bool expected = queue.Count == 0 && Fits(grants, probe, second);
                            Assert.Equal(expected, lease.IsAcquired);
                            if (lease.IsAcquired)
                            {
                                grants.Add((second, probe));
                                granted++;
                            }
                            else if (queue.Count == 0)
                            {
                                Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait));
                                Assert.Equal(FirstFit(grants, probe, second) - second, wait.TotalSeconds);
                            }
                        }

                        break;
                }
            }

            RateLimiterStatistics statistics = limiter.GetStatistics()!;
            Assert.Equal(queue.Sum(r => r.Permits), statistics.CurrentQueuedCount);
            Assert.Equal(Windows.Min(w => w.PermitLimit - InWindow(grants, w, second)), statistics.CurrentAvailablePermits);
        }

        // The run exercised every path: grants, waits and cancellations.
        Assert.True(granted > 120, $"only {granted} grants");
        Assert.True(cancelled > 5, $"only {cancelled} cancellations");
    }

    /// <summary>Records the queued requests the limiter completed, checking they leave in FIFO order and fit the windows.</summary>
    private static int Collect(List<Request> queue, List<(int Second, int Permits)> grants, int second)
    {
        int count = 0;
        while (queue.Count > 0 && queue[0].Task.IsCompleted)
        {
            Request served = queue[0];
            Assert.True(Leases.Completed(served.Task).IsAcquired);
            Assert.True(Fits(grants, served.Permits, second), $"t={second}: a grant of {served.Permits} over-fills a window");
            grants.Add((second, served.Permits));
            queue.RemoveAt(0);
            count++;
        }

        Assert.DoesNotContain(queue, r => r.Task.IsCompleted);
        return count;
    }

    private static void AssertHeadCannotBeServed(List<Request> queue, List<(int Second, int Permits)> grants, int second)
    {
        if (queue.Count > 0)
        {
            Assert.False(Fits(grants, queue[0].Permits, second), $"t={second}: the head waits for {queue[0].Permits} permits that are free");
        }
    }

    private static bool Fits(List<(int Second, int Permits)> grants, int permits, int second) =>
        Windows.All(w => InWindow(grants, w, second) + permits <= w.PermitLimit);

    private static int InWindow(List<(int Second, int Permits)> grants, RateLimitWindow window, int second) =>
        grants.Where(g => g.Second > second - window.Window.TotalSeconds).Sum(g => g.Permits);

    private static int FirstFit(List<(int Second, int Permits)> grants, int permits, int second)
    {
        while (!Fits(grants, permits, second))
        {
            second++;
        }

        return second;
    }

    private sealed record Request(int Permits, ValueTask<RateLimitLease> Task, CancellationTokenSource? Cancel);
}
