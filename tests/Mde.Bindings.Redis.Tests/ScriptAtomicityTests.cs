using System.Diagnostics;
using Mde.Bindings.Redis.Tests.Infrastructure;
using Mde.Bindings.Testing;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Mde.Bindings.Redis.Tests;

/// <summary>
/// The acquisition script counts a window and then adds to it: it is right only if no other client's command lands in
/// between. Redis runs a script alone. Garnet does only with <c>--lua-transaction-mode true</c>, which locks the
/// script's KEYS for its run; without it, Garnet runs a script's commands one by one among everyone else's. The test
/// Garnet turns it on, and docs/distributed-rate-limiting.md tells operators to.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ScriptAtomicityTests(ServersFixture servers)
{
    /// <summary>Writes its mark, then reads the key until another value appears or ARGV[1] µs have passed; returns what it read last.</summary>
    private const string WriteThenWatch = """
        redis.call('SET', KEYS[1], 'script')
        local function now()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        local stop = now() + tonumber(ARGV[1])
        local seen = 'script'
        while seen == 'script' and now() < stop do
          seen = redis.call('GET', KEYS[1])
        end
        return seen
        """;

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task No_other_client_writes_in_the_middle_of_a_script(string server)
    {
        // Redis (and Garnet with transaction mode) hold the other client's writes until the script ends.
        Assert.Equal("script", await WhatTheScriptSawAsync(servers.Configuration(server), TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Garnet_without_lua_transaction_mode_lets_another_client_write_in_the_middle_of_a_script()
    {
        using InProcessGarnetServer garnet = InProcessGarnetServer.StartNew(lockScriptKeys: false);

        Assert.Equal("other", await WhatTheScriptSawAsync(garnet.Configuration, TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task Processes_acquiring_at_the_same_moment_never_exceed_a_window(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(5, TimeSpan.FromSeconds(30))], Scenario.NoQueue);
        RedisRateLimiterProvider[] processes = Enumerable.Range(0, 12).Select(_ => scenario.Process()).ToArray();

        int granted = 0;
        for (int round = 0; round < 3; round++)
        {
            bool[] answers = await Task.WhenAll(processes.Select(p => Task.Run(() => Scenario.GrantedAsync(p.GetLimiter(scenario.Endpoint)))));
            granted += answers.Count(static a => a);
        }

        Assert.Equal(5, granted);
        Assert.Equal(5, await scenario.Inspect().SortedSetLengthAsync(processes[0].GetRedisKeys(scenario.Endpoint).Log));
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task On_Garnet_the_provider_says_once_that_scripts_need_lua_transaction_mode(string server)
    {
        await using var scenario = new Scenario(servers.Configuration(server), [new(5, TimeSpan.FromSeconds(30))]);
        var logger = new ListLogger<RedisRateLimiterProvider>();
        RedisRateLimiterProvider process = scenario.Process(logger);

        // The provider asks INFO in the background; an acquisition's answer comes after it on the same connection.
        Assert.True(await Scenario.GrantedAsync(process.GetLimiter(scenario.Endpoint)));
        var waited = Stopwatch.StartNew();
        while (server == TestServers.Garnet && !logger.Lines.Any(static line => line.EventId == 503) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        (LogLevel Level, int EventId, string Message)[] said = logger.Lines.Where(static line => line.EventId == 503).ToArray();
        if (server == TestServers.Garnet)
        {
            (LogLevel level, _, string message) = Assert.Single(said);
            Assert.Equal(LogLevel.Warning, level);
            Assert.Contains("--lua-transaction-mode true", message);
        }
        else
        {
            Assert.Empty(said);
        }
    }

    [Theory]
    [InlineData("# Server\r\ngarnet_version:2.2.12\r\nserver_name:garnet\r\nredis_version:7.4.3\r\n", "2.2.12")]
    [InlineData("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n", null)]
    [InlineData("", null)]
    public void Garnet_is_recognised_by_the_version_field_of_INFO_server(string info, string? version)
    {
        Assert.Equal(version, GarnetScriptModeCheck.GarnetVersion(info));
    }

    /// <summary>Runs <see cref="WriteThenWatch"/> while a second connection keeps writing "other" to its key.</summary>
    private static async Task<string?> WhatTheScriptSawAsync(string configuration, TimeSpan watch)
    {
        using ConnectionMultiplexer scripting = await ConnectionMultiplexer.ConnectAsync(configuration);
        using ConnectionMultiplexer writing = await ConnectionMultiplexer.ConnectAsync(configuration);
        RedisKey key = "test:" + Guid.NewGuid().ToString("N")[..12] + ":atomicity";

        Task<RedisResult> script = scripting.GetDatabase().ScriptEvaluateAsync(WriteThenWatch, [key], [RedisWindowScripts.Microseconds(watch)]);
        while (!script.IsCompleted)
        {
            await writing.GetDatabase().StringSetAsync(key, "other");
            await Task.Delay(20);
        }

        await writing.GetDatabase().KeyDeleteAsync(key);
        return (string?)await script;
    }
}
