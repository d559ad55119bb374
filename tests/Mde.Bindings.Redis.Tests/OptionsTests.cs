using Mde.Bindings.Throttling;

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
        EnforcedWindows windows = options.Settings.Enforce([new(100, TimeSpan.FromMinutes(1)), new(1500, TimeSpan.FromHours(1)), new(5, TimeSpan.FromSeconds(1))], options.WorkerCount);

        Assert.Equal([24, 374, 1], windows.All.ToArray().Select(w => w.Limit));
    }
}
