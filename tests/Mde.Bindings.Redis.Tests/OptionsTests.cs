using Mde.Bindings.Throttling;
using StackExchange.Redis;

namespace Mde.Bindings.Redis.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData(nameof(RedisRateLimiterOptions.KeyPrefix))]
    [InlineData(nameof(RedisRateLimiterOptions.WorkerCount))]
    [InlineData(nameof(RedisRateLimiterOptions.RecoveryInterval))]
    [InlineData(nameof(RedisRateLimiterOptions.SafetyMargin))]
    [InlineData(nameof(RedisRateLimiterOptions.ReservedPermits))]
    [InlineData(nameof(RedisRateLimiterOptions.QueueLimit))]
    public void A_setting_out_of_range_is_refused_by_name(string setting)
    {
        var options = new RedisRateLimiterOptions();
        switch (setting)
        {
            case nameof(RedisRateLimiterOptions.KeyPrefix): options.KeyPrefix = "app:{x}:"; break;
            case nameof(RedisRateLimiterOptions.WorkerCount): options.WorkerCount = 0; break;
            case nameof(RedisRateLimiterOptions.RecoveryInterval): options.RecoveryInterval = TimeSpan.Zero; break;
            case nameof(RedisRateLimiterOptions.SafetyMargin): options.SafetyMargin = 1.5; break;
            case nameof(RedisRateLimiterOptions.ReservedPermits): options.ReservedPermits = -1; break;
            case nameof(RedisRateLimiterOptions.QueueLimit): options.QueueLimit = -1; break;
        }

        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("RedisRateLimiterOptions." + setting, error.Message);
    }

    [Fact]
    public void The_fallback_share_is_the_limit_less_reservations_over_the_workers_and_never_zero()
    {
        var options = new RedisRateLimiterOptions { WorkerCount = 4, ReservedPermits = 4, SafetyMargin = 0 };
        EnforcedWindows windows = options.Settings.Enforce([new(100, TimeSpan.FromMinutes(1)), new(1500, TimeSpan.FromHours(1)), new(5, TimeSpan.FromSeconds(1))], workers: options.WorkerCount);

        Assert.Equal([24, 374, 1], windows.All.ToArray().Select(w => w.Limit));
    }

    [Fact]
    public async Task A_reservation_that_leaves_a_window_no_permit_is_refused_by_name_when_the_partition_is_made()
    {
        // No server needed: the partition's windows are made, and checked, before Redis is ever asked.
        await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=200");
        using var provider = new RedisRateLimiterProvider(redis, "tenant", "app", new RedisRateLimiterOptions { ReservedPermits = 5 });
        var endpoint = new EndpointDescription("Test", "Reserved", "GET", "/reserved", ["Machine.Read.All"], [], [new RateLimitWindow(100, TimeSpan.FromMinutes(1)), new RateLimitWindow(5, TimeSpan.FromSeconds(1))]);

        ArgumentException error = Assert.Throws<ArgumentException>(() => provider.GetLimiter(endpoint));
        Assert.Equal("endpoint", error.ParamName);
        Assert.Contains("RedisRateLimiterOptions.ReservedPermits (5) leaves no permit in the window 5/second of Test.Reserved: reserve fewer than 5.", error.Message, StringComparison.Ordinal);
    }
}
