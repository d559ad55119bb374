using System.Diagnostics;
using System.Threading.RateLimiting;
using Mde.Bindings.Redis.Tests.Infrastructure;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Redis.Tests;

[Collection(ServersCollection.Name)]
public sealed class SharedWindowsTests(ServersFixture servers)
{
    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Two_processes_spend_every_window_together(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(5, TimeSpan.FromSeconds(1)), new(8, TimeSpan.FromSeconds(4))], Scenario.NoQueue);
        RedisRateLimiterProvider first = scenario.Process();
        RedisRateLimiterProvider second = scenario.Process();

        // Ten attempts in turn from two processes: the 1-second window's 5 are all they get together.
        (int granted, TimeSpan wait) = await CountGrantedAsync(first, second, scenario, attempts: 10);
        Assert.Equal(5, granted);
        Assert.InRange(wait, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));

        // Once the 1-second window has room again, the 4-second window still holds them to 8 in all.
        await Task.Delay(wait + TimeSpan.FromMilliseconds(100));
        (granted, wait) = await CountGrantedAsync(first, second, scenario, attempts: 10);
        Assert.Equal(3, granted);
        Assert.True(wait > TimeSpan.FromSeconds(1), $"the 4-second window should be the one that blocks now, but the wait is {wait}");
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task A_refused_lease_carries_the_exact_wait_and_the_permit_comes_no_sooner(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(3, TimeSpan.FromSeconds(2))]);
        RateLimiter immediate = scenario.Process(configure: Scenario.NoQueue).GetLimiter(scenario.Endpoint);
        RateLimiter queued = scenario.Process().GetLimiter(scenario.Endpoint);

        var sinceFirst = Stopwatch.StartNew();
        Assert.Equal(3, await Scenario.CountGrantedAsync(immediate, 3));

        using RateLimitLease refused = await immediate.AcquireAsync();
        TimeSpan elapsed = sinceFirst.Elapsed;
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait));

        // The first grant leaves the window 2 s after it was made, which was at most `elapsed` ago.
        Assert.InRange(wait, TimeSpan.FromSeconds(2) - elapsed, TimeSpan.FromSeconds(2));
        Assert.True(refused.TryGetMetadata(MetadataName.ReasonPhrase, out string? reason));
        Assert.Contains("window is full", reason);

        using RateLimitLease next = await queued.AcquireAsync();
        Assert.True(next.IsAcquired);
        Assert.True(sinceFirst.Elapsed >= TimeSpan.FromSeconds(2), $"granted after {sinceFirst.Elapsed}, before the first grant left its window");
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Checking_with_zero_permits_spends_nothing(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(2, TimeSpan.FromSeconds(30))], Scenario.NoQueue);
        RateLimiter limiter = scenario.Process().GetLimiter(scenario.Endpoint);

        for (int i = 0; i < 5; i++)
        {
            Assert.True(await Scenario.GrantedAsync(limiter, permits: 0));
        }

        Assert.Equal(2, await Scenario.CountGrantedAsync(limiter, 3));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await limiter.AcquireAsync(3));
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Queued_callers_of_a_process_are_served_in_order(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(2, TimeSpan.FromSeconds(1))]);
        RateLimiter limiter = scenario.Process().GetLimiter(scenario.Endpoint);

        var served = new List<int>();
        Task[] callers = Enumerable.Range(0, 6).Select(async i =>
        {
            using RateLimitLease lease = await limiter.AcquireAsync();
            Assert.True(lease.IsAcquired);
            lock (served)
            {
                served.Add(i);
            }
        }).ToArray();
        await Task.WhenAll(callers);

        Assert.Equal([0, 1, 2, 3, 4, 5], served);
        Assert.Equal(6, limiter.GetStatistics()!.TotalSuccessfulLeases);
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Cancelling_a_queued_caller_removes_it_at_once_and_the_next_is_served(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(1, TimeSpan.FromSeconds(1))]);
        RateLimiter limiter = scenario.Process().GetLimiter(scenario.Endpoint);
        Assert.True(await Scenario.GrantedAsync(limiter));

        using var cancel = new CancellationTokenSource();
        ValueTask<RateLimitLease> first = limiter.AcquireAsync(1, cancel.Token);
        ValueTask<RateLimitLease> second = limiter.AcquireAsync(1);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentQueuedCount);

        cancel.Cancel();

        Assert.True(first.IsCanceled);
        Assert.Equal(1, limiter.GetStatistics()!.CurrentQueuedCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await first);
        using RateLimitLease lease = await second;
        Assert.True(lease.IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Beyond_the_queue_limit_a_caller_is_refused_at_once_with_a_wait(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(1, TimeSpan.FromSeconds(10))], options => options.QueueLimit = 2);
        RedisRateLimiterProvider process = scenario.Process();
        RateLimiter limiter = process.GetLimiter(scenario.Endpoint);
        Assert.True(await Scenario.GrantedAsync(limiter));
        ValueTask<RateLimitLease> queued1 = limiter.AcquireAsync();
        ValueTask<RateLimitLease> queued2 = limiter.AcquireAsync();

        ValueTask<RateLimitLease> overflow = limiter.AcquireAsync();

        Assert.True(overflow.IsCompletedSuccessfully);
        using RateLimitLease refused = await overflow;
        Assert.False(refused.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait));
        Assert.True(wait > TimeSpan.Zero);
        Assert.True(refused.TryGetMetadata(MetadataName.ReasonPhrase, out string? reason));
        Assert.Contains("queue is full", reason);

        // Disposing the provider refuses whoever still waits.
        await process.DisposeAsync();
        Assert.False((await queued1).IsAcquired);
        Assert.False((await queued2).IsAcquired);
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Partitions_are_apart_by_tenant_app_and_operation(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(1, TimeSpan.FromSeconds(30))], Scenario.NoQueue);
        RedisRateLimiterProvider process = scenario.Process();
        using var otherConnection = servers.Connect(server);
        using var otherTenant = new RedisRateLimiterProvider(otherConnection, "tenant-b", "app-1", new RedisRateLimiterOptions { KeyPrefix = scenario.Prefix, QueueLimit = 0 });
        var otherOperation = new EndpointDescription("LiveResponse", "GetMachineAction", "GET", "/api/x", ["Machine.Read.All"], [], scenario.Endpoint.Limits);

        Assert.True(await Scenario.GrantedAsync(process.GetLimiter(scenario.Endpoint)));
        Assert.False(await Scenario.GrantedAsync(process.GetLimiter(scenario.Endpoint)));
        Assert.True(await Scenario.GrantedAsync(process.GetLimiter(otherOperation)));
        Assert.True(await Scenario.GrantedAsync(otherTenant.GetLimiter(scenario.Endpoint)));
        Assert.Same(process.GetLimiter(scenario.Endpoint), process.GetLimiter(scenario.Endpoint));
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task AttemptAcquire_answers_without_calling_Redis(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(5, TimeSpan.FromSeconds(30))]);
        RedisRateLimiterProvider process = scenario.Process();

        using RateLimitLease lease = process.GetLimiter(scenario.Endpoint).AttemptAcquire();

        Assert.False(lease.IsAcquired);
        Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait));
        Assert.Equal(TimeSpan.Zero, wait);
        Assert.True(lease.TryGetMetadata(MetadataName.ReasonPhrase, out string? reason));
        Assert.Contains("use AcquireAsync", reason);
        Assert.False(await scenario.Inspect().KeyExistsAsync(process.GetRedisKeys(scenario.Endpoint).Log));

        // The extension the generated clients use falls back to AcquireAsync, which asks Redis.
        using RateLimitLease acquired = await process.AcquireAsync(scenario.Endpoint);
        Assert.True(acquired.IsAcquired);
    }

    /// <summary>Attempts in turn from both processes (which do not queue); returns how many were granted and the last refusal's wait.</summary>
    private static async Task<(int Granted, TimeSpan LastWait)> CountGrantedAsync(RedisRateLimiterProvider first, RedisRateLimiterProvider second, Scenario scenario, int attempts)
    {
        int granted = 0;
        TimeSpan lastWait = TimeSpan.Zero;
        for (int i = 0; i < attempts; i++)
        {
            RedisRateLimiterProvider process = i % 2 == 0 ? first : second;
            using RateLimitLease lease = await process.GetLimiter(scenario.Endpoint).AcquireAsync();
            if (lease.IsAcquired)
            {
                granted++;
            }
            else if (lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait))
            {
                lastWait = wait;
            }
        }

        return (granted, lastWait);
    }
}
