using Mde.Bindings.Throttling;
using StackExchange.Redis;

namespace Mde.Bindings.Redis.Tests.Infrastructure;

/// <summary>
/// Several "processes" (each a provider over its own connection) sharing one Redis, under a key prefix no other test
/// uses, for one operation with the given limits.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>Options of processes whose callers never queue: an acquisition is answered at once, granted or refused.</summary>
    public static readonly Action<RedisRateLimiterOptions> NoQueue = options => options.QueueLimit = 0;

    public Scenario(string configuration, RateLimitWindow[] limits, Action<RedisRateLimiterOptions>? configure = null)
    {
        Configuration = configuration;
        Endpoint = new EndpointDescription("LiveResponse", "GetLiveResponseResultDownloadLink", "GET", "/api/test", ["Machine.LiveResponse"], ["Machine.LiveResponse"], limits);
        Prefix = "test:" + Guid.NewGuid().ToString("N")[..12] + ":";
        Configure = configure;
    }

    public string Configuration { get; }

    public EndpointDescription Endpoint { get; }

    public string Prefix { get; }

    public Action<RedisRateLimiterOptions>? Configure { get; }

    /// <summary>A connection for looking into Redis.</summary>
    public IDatabase Inspect()
    {
        ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(Configuration);
        _owned.Add(redis);
        return redis.GetDatabase();
    }

    /// <summary>A new process: its own connection and provider for tenant-a/app-1.</summary>
    public RedisRateLimiterProvider Process(ListLogger<RedisRateLimiterProvider>? logger = null, Action<RedisRateLimiterOptions>? configure = null)
    {
        ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(Configuration);
        var options = new RedisRateLimiterOptions { KeyPrefix = Prefix, SafetyMargin = 0 };
        Configure?.Invoke(options);
        configure?.Invoke(options);
        var provider = new RedisRateLimiterProvider(redis, "tenant-a", "app-1", options, logger);
        _owned.Add(provider);
        _owned.Add(redis);
        return provider;
    }

    /// <summary>One acquisition, answered at once when the process does not queue (<see cref="NoQueue"/>).</summary>
    public static async Task<bool> GrantedAsync(System.Threading.RateLimiting.RateLimiter limiter, int permits = 1)
    {
        using System.Threading.RateLimiting.RateLimitLease lease = await limiter.AcquireAsync(permits);
        return lease.IsAcquired;
    }

    /// <summary>How many of <paramref name="attempts"/> acquisitions in a row were granted.</summary>
    public static async Task<int> CountGrantedAsync(System.Threading.RateLimiting.RateLimiter limiter, int attempts)
    {
        int granted = 0;
        for (int i = 0; i < attempts; i++)
        {
            granted += await GrantedAsync(limiter) ? 1 : 0;
        }

        return granted;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (IAsyncDisposable owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}
