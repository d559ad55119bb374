using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.Throttling;

public sealed class MultiWindowRateLimiterConcurrencyTests
{
    [Fact]
    public async Task Threads_racing_for_permits_never_get_more_than_the_windows_allow()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new MultiWindowRateLimiter(new MultiWindowRateLimiterOptions
        {
            Windows = [new RateLimitWindow(100, TimeSpan.FromMinutes(1)), new RateLimitWindow(250, TimeSpan.FromHours(1))],
            SafetyMargin = 0,
            TimeProvider = clock,
        });
        using var start = new Barrier(8);

        int[] granted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => OnOwnThread(() =>
        {
            start.SignalAndWait();
            int mine = 0;
            for (int i = 0; i < 1000; i++)
            {
                using RateLimitLease lease = limiter.AttemptAcquire();
                mine += lease.IsAcquired ? 1 : 0;
            }

            return mine;
        })));

        Assert.Equal(100, granted.Sum());
        Assert.Equal(100, limiter.GetStatistics()!.TotalSuccessfulLeases);
        Assert.Equal(7900, limiter.GetStatistics()!.TotalFailedLeases);
    }

    [Fact]
    public async Task Waiters_queued_and_cancelled_from_many_threads_are_all_accounted_for()
    {
        var clock = new FakeTimeProvider();
        using var limiter = new MultiWindowRateLimiter(new MultiWindowRateLimiterOptions
        {
            Windows = [new RateLimitWindow(10, TimeSpan.FromSeconds(1))],
            SafetyMargin = 0,
            TimeProvider = clock,
        });
        for (int i = 0; i < 10; i++)
        {
            Assert.True(limiter.AttemptAcquire().IsAcquired);
        }

        // 8 threads queue 50 waiters each; every other one is cancelled from another thread while the rest queue.
        using var start = new Barrier(8);
        var sources = Enumerable.Range(0, 400).Select(_ => new CancellationTokenSource()).ToArray();
        Task<RateLimitLease>[][] waiters = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => OnOwnThread(() =>
        {
            start.SignalAndWait();
            var mine = new Task<RateLimitLease>[50];
            for (int i = 0; i < 50; i++)
            {
                int n = (t * 50) + i;
                mine[i] = limiter.AcquireAsync(1, sources[n].Token).AsTask();
                int victim = ((t + 1) % 8 * 50) + i;
                if (victim % 2 == 0)
                {
                    sources[victim].Cancel();
                }
            }

            return mine;
        })));

        Task<RateLimitLease>[] all = waiters.SelectMany(w => w).ToArray();
        Assert.Equal(200, all.Count(w => w.IsCanceled));
        Assert.Equal(200 - all.Count(w => w.IsCompleted && !w.IsCanceled), limiter.GetStatistics()!.CurrentQueuedCount);

        // 200 remain; 10 per second: all are served within 20 seconds, none before its turn.
        for (int second = 1; second <= 20; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(second * 10, all.Count(w => w.IsCompletedSuccessfully));
        }

        Assert.All(all.Where(w => !w.IsCanceled), w => Assert.True(w.IsCompletedSuccessfully && w.Result.IsAcquired));
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
        foreach (CancellationTokenSource source in sources)
        {
            source.Dispose();
        }
    }

    // The threads wait on a barrier: the thread pool of a small machine would add them one by one.
    private static Task<T> OnOwnThread<T>(Func<T> work) => Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
