using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Mde.Bindings.Redis.Tests.Infrastructure;
using Mde.Bindings.Testing;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Mde.Bindings.Redis.Tests;

/// <summary>Each test runs its own server, to kill and restart it.</summary>
public sealed class DegradationTests
{
    private static readonly TimeSpan s_giveUp = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Redis_down_falls_back_to_a_share_of_the_limits_and_Redis_back_shares_them_again(string server)
    {
        using ITestKeyValueServer host = TestKeyValueServers.StartNew(server);
        var logger = new ListLogger<RedisRateLimiterProvider>();
        await using var scenario = new Scenario(host.Configuration, [new(6, TimeSpan.FromSeconds(60))], options =>
        {
            options.WorkerCount = 3;
            options.RecoveryInterval = TimeSpan.FromSeconds(1);
            options.QueueLimit = 0;
        });
        RedisRateLimiterProvider process = scenario.Process(logger);
        RateLimiter limiter = process.GetLimiter(scenario.Endpoint);

        host.Kill();

        // Never unlimited: 6 / 3 workers = 2 for this process, then refusals.
        Assert.Equal(2, await Scenario.CountGrantedAsync(limiter, 5));
        Assert.True(process.IsDegraded);
        (LogLevel level, int _, string message) = Assert.Single(logger.Lines, line => line.EventId == 500);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("/ 3 worker(s)", message);

        host.Start();
        await WaitUntilAsync(() => Scenario.GrantedAsync(limiter));

        Assert.False(process.IsDegraded);
        Assert.Contains(logger.Lines, line => line.EventId == 501 && line.Level == LogLevel.Information);

        // The restarted Redis was empty: the 2 grants made meanwhile were written back beside the new one, so the
        // shared window now has 3 of its 6 left.
        Assert.Equal(3, await scenario.Inspect().SortedSetLengthAsync(process.GetRedisKeys(scenario.Endpoint).Log));

        // For three recovery intervals the process keeps to its share too (other processes may still be degraded);
        // after that the 3 are its own.
        Assert.False(await Scenario.GrantedAsync(limiter));
        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, await Scenario.CountGrantedAsync(limiter, 5));
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Waiters_keep_being_served_through_an_outage(string server)
    {
        using ITestKeyValueServer host = TestKeyValueServers.StartNew(server);
        var logger = new ListLogger<RedisRateLimiterProvider>();
        await using var scenario = new Scenario(host.Configuration, [new(4, TimeSpan.FromMilliseconds(500))], options =>
        {
            options.WorkerCount = 2;
            options.RecoveryInterval = TimeSpan.FromMilliseconds(200);
        });
        RedisRateLimiterProvider process = scenario.Process(logger);
        RateLimiter limiter = process.GetLimiter(scenario.Endpoint);

        Task<RateLimitLease>[] waiters = Enumerable.Range(0, 12).Select(_ => limiter.AcquireAsync().AsTask()).ToArray();
        host.Kill();
        RateLimitLease[] leases = await Task.WhenAll(waiters).WaitAsync(s_giveUp);

        Assert.All(leases, lease => Assert.True(lease.IsAcquired));
        Assert.Contains(logger.Lines, line => line.EventId == 500);
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task A_process_that_starts_while_Redis_is_down_begins_degraded(string server)
    {
        using ITestKeyValueServer host = TestKeyValueServers.StartNew(server);
        string configuration = host.Configuration;
        host.Kill();
        var options = new RedisRateLimiterOptions { WorkerCount = 2, KeyPrefix = "test:start-down:" };
        var logger = new ListLogger<RedisRateLimiterProvider>();

        await using RedisRateLimiterProvider process = await RedisRateLimiterProvider.ConnectAsync(configuration, "tenant-a", "app-1", options, logger);
        var endpoint = new EndpointDescription("LiveResponse", "RunLiveResponse", "POST", "/api/x", ["Machine.LiveResponse"], [], [new(10, TimeSpan.FromMinutes(1))]);
        RateLimiter limiter = process.GetLimiter(endpoint);

        Assert.Equal(5, Enumerable.Range(0, 8).Count(_ => Granted(limiter.AttemptAcquire())));
        Assert.True(process.IsDegraded);
        Assert.Contains(logger.Lines, line => line.EventId == 500);
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task A_restarted_server_has_forgotten_the_script_and_is_sent_it_again(string server)
    {
        using ITestKeyValueServer host = TestKeyValueServers.StartNew(server);
        await using var scenario = new Scenario(host.Configuration, [new(100, TimeSpan.FromSeconds(30))], options =>
        {
            options.RecoveryInterval = TimeSpan.FromMilliseconds(200);
            options.QueueLimit = 0;
        });
        RedisRateLimiterProvider process = scenario.Process();
        RateLimiter limiter = process.GetLimiter(scenario.Endpoint);
        string sha = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(RedisWindowScripts.Acquire)));
        Assert.True(await Scenario.GrantedAsync(limiter));
        Assert.True(await ScriptKnownAsync(host.Configuration, sha));

        host.Kill();
        host.Start();

        // Both servers come back with an empty script cache (EVALSHA answers NOSCRIPT); the client sends the script again
        // once the process is back on the server (until then it grants on its own share, without the server).
        Assert.False(await ScriptKnownAsync(host.Configuration, sha));
        await WaitUntilAsync(async () => await Scenario.GrantedAsync(limiter) && !process.IsDegraded);
        Assert.True(await ScriptKnownAsync(host.Configuration, sha));
    }

    private static async Task<bool> ScriptKnownAsync(string configuration, string sha)
    {
        await using ConnectionMultiplexer connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        RedisResult answer = await connection.GetDatabase().ExecuteAsync("SCRIPT", "EXISTS", sha);
        return (long)answer[0] == 1;
    }

    private static bool Granted(RateLimitLease lease)
    {
        using (lease)
        {
            return lease.IsAcquired;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < s_giveUp, $"gave up after {s_giveUp.TotalSeconds:0} s");
            await Task.Delay(100);
        }
    }
}
