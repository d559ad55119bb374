using System.Threading.RateLimiting;
using Mde.Bindings.Redis.Tests.Infrastructure;
using StackExchange.Redis;

namespace Mde.Bindings.Redis.Tests;

[Collection(ServersCollection.Name)]
public sealed class PauseAndKeysTests(ServersFixture servers)
{
    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task A_429_in_one_process_pauses_the_partition_in_every_process(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(100, TimeSpan.FromSeconds(60))], Scenario.NoQueue);
        RedisRateLimiterProvider first = scenario.Process();
        RedisRateLimiterProvider second = scenario.Process();
        Assert.True(await Scenario.GrantedAsync(second.GetLimiter(scenario.Endpoint)));

        await first.ReportRetryAfterAsync(scenario.Endpoint, TimeSpan.FromSeconds(3));

        using RateLimitLease here = first.GetLimiter(scenario.Endpoint).AttemptAcquire();
        Assert.False(here.IsAcquired);
        Assert.True(here.TryGetMetadata(MetadataName.ReasonPhrase, out string? reason));
        Assert.Contains("Retry-After", reason);

        using RateLimitLease there = await second.GetLimiter(scenario.Endpoint).AcquireAsync();
        Assert.False(there.IsAcquired);
        Assert.True(there.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait));
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));

        // The pause key expires with the pause.
        TimeSpan? ttl = await scenario.Inspect().KeyTimeToLiveAsync(first.GetRedisKeys(scenario.Endpoint).Pause);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(3));
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task A_pause_only_ever_lengthens(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(100, TimeSpan.FromSeconds(60))]);
        RedisRateLimiterProvider process = scenario.Process();

        await process.ReportRetryAfterAsync(scenario.Endpoint, TimeSpan.FromSeconds(20));
        await process.ReportRetryAfterAsync(scenario.Endpoint, TimeSpan.FromSeconds(2));

        TimeSpan? ttl = await scenario.Inspect().KeyTimeToLiveAsync(process.GetRedisKeys(scenario.Endpoint).Pause);
        Assert.NotNull(ttl);
        Assert.True(ttl > TimeSpan.FromSeconds(10), $"the shorter pause replaced the longer one: {ttl} left");
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task The_keys_of_an_idle_partition_expire(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(5, TimeSpan.FromMilliseconds(500)), new(10, TimeSpan.FromSeconds(1))]);
        RedisRateLimiterProvider process = scenario.Process();
        IDatabase db = scenario.Inspect();
        RedisKey log = process.GetRedisKeys(scenario.Endpoint).Log;

        Assert.True(await Scenario.GrantedAsync(process.GetLimiter(scenario.Endpoint)));
        Assert.Equal(1, await db.SortedSetLengthAsync(log));

        // The largest window (1 s) plus a second of slack, then the key is gone.
        TimeSpan? ttl = await db.KeyTimeToLiveAsync(log);
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2));
        await Task.Delay(ttl.Value + TimeSpan.FromMilliseconds(200));
        Assert.False(await db.KeyExistsAsync(log));
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Old_grants_are_trimmed_past_the_largest_window(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(3, TimeSpan.FromMilliseconds(300))]);
        RedisRateLimiterProvider process = scenario.Process();
        IDatabase db = scenario.Inspect();
        RateLimiter limiter = process.GetLimiter(scenario.Endpoint);

        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 3; i++)
            {
                using RateLimitLease lease = await limiter.AcquireAsync();
                Assert.True(lease.IsAcquired);
            }
        }

        // Nine grants, but never more kept than one window holds.
        Assert.InRange(await db.SortedSetLengthAsync(process.GetRedisKeys(scenario.Endpoint).Log), 1, 3);
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task A_partitions_keys_are_hash_tagged_into_one_cluster_slot(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(1, TimeSpan.FromSeconds(1))]);
        RedisRateLimiterProvider process = scenario.Process();
        using ConnectionMultiplexer connection = servers.Connect(server);
        (RedisKey log, RedisKey pause) = process.GetRedisKeys(scenario.Endpoint);

        Assert.Equal(scenario.Prefix + "{tenant-a/app-1/GetLiveResponseResultDownloadLink}:log", log.ToString());
        Assert.Equal(scenario.Prefix + "{tenant-a/app-1/GetLiveResponseResultDownloadLink}:pause", pause.ToString());
        Assert.Equal(connection.HashSlot(log), connection.HashSlot(pause));
        Assert.Equal(connection.HashSlot(log), connection.HashSlot("{tenant-a/app-1/GetLiveResponseResultDownloadLink}"));
    }
}
