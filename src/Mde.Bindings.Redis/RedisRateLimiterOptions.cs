using Mde.Bindings.Throttling;

namespace Mde.Bindings.Redis;

/// <summary>Settings of a <see cref="RedisRateLimiterProvider"/>, applied to every partition.</summary>
public sealed class RedisRateLimiterOptions
{
    /// <summary>The default <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "mde:rl:";

    /// <summary>The default <see cref="RecoveryInterval"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultRecoveryInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The StackExchange.Redis configuration string (<c>host:port,password=…,ssl=true</c>) that
    /// <c>AddRedisRateLimits</c> connects with when no <c>IConnectionMultiplexer</c> is given. Not used by a provider
    /// made over a connection of your own.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// The tenant whose quota the partitions track. Under <c>AddRedisRateLimits</c>, by default the tenant of the
    /// credentials of the registered APIs (as the in-process limiter does).
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>The client app whose quota the partitions track; by default, like <see cref="TenantId"/>, the credentials'.</summary>
    public string? ClientAppId { get; set; }

    /// <summary>What every key starts with (default <see cref="DefaultKeyPrefix"/>); change it to keep apart deployments that share one Redis. No braces: they would move the hash tag.</summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>The Redis database (default -1: the connection's default).</summary>
    public int Database { get; set; } = -1;

    /// <summary>
    /// How many worker processes share the limits. While Redis is unreachable each process falls back to its own
    /// in-process limits at each window's limit ÷ this count (at least 1 permit), so that together they stay within the
    /// limits. Set it to the number of workers you run. Default 1.
    /// </summary>
    public int WorkerCount { get; set; } = 1;

    /// <summary>While Redis is unreachable, how often a call tries it again. Default <see cref="DefaultRecoveryInterval"/>.</summary>
    public TimeSpan RecoveryInterval { get; set; } = DefaultRecoveryInterval;

    /// <summary>Each window's safety margin in time; see <see cref="MultiWindowRateLimiterOptions.SafetyMargin"/>. Default <see cref="MultiWindowRateLimiterOptions.DefaultSafetyMargin"/>.</summary>
    public double SafetyMargin { get; set; } = MultiWindowRateLimiterOptions.DefaultSafetyMargin;

    /// <summary>Permits held back from each window for clients outside Redis; see <see cref="MultiWindowRateLimiterOptions.ReservedPermits"/>. Default 0.</summary>
    public int ReservedPermits { get; set; }

    /// <summary>How many permits may wait per partition in this process; see <see cref="MultiWindowRateLimiterOptions.QueueLimit"/>. Default <see cref="MultiWindowRateLimiterOptions.DefaultQueueLimit"/>.</summary>
    public int QueueLimit { get; set; } = MultiWindowRateLimiterOptions.DefaultQueueLimit;

    /// <summary>
    /// The clock of this process's waits and of its fallback limits. The windows themselves run on the Redis server's
    /// clock. Default <see cref="TimeProvider.System"/>.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Operations that share one quota, by operation name → partition name; see <see cref="ExactRateLimiterProviderOptions.SharedPartitions"/>.</summary>
    public IDictionary<string, string> SharedPartitions => _sharedPartitions;

    private Dictionary<string, string> _sharedPartitions = new(StringComparer.Ordinal);

    /// <summary>The settings shared with the in-process limiter, checked and turned into windows in one place.</summary>
    internal LimiterSettings Settings => new(nameof(RedisRateLimiterOptions), null, SafetyMargin, ReservedPermits, QueueLimit, TimeProvider);

    /// <summary>A copy, so that a provider is not changed by later edits of the options it was made with.</summary>
    internal RedisRateLimiterOptions Copy()
    {
        var copy = (RedisRateLimiterOptions)MemberwiseClone();
        var partitions = new Dictionary<string, string>(SharedPartitions, StringComparer.Ordinal);
        copy._sharedPartitions = partitions;
        return copy;
    }

    /// <summary>Checks every setting; the message names the one that is wrong and what it accepts.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"RedisRateLimiterOptions.KeyPrefix '{KeyPrefix}' is invalid: use a non-empty prefix without braces (braces would move the partition's hash tag), such as '{DefaultKeyPrefix}'.", nameof(KeyPrefix));
        }

        if (WorkerCount < 1)
        {
            throw new ArgumentException($"RedisRateLimiterOptions.WorkerCount is {WorkerCount}: give the number of worker processes that share the limits (1 or more).", nameof(WorkerCount));
        }

        if (RecoveryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RedisRateLimiterOptions.RecoveryInterval is {RecoveryInterval}: it must be positive (default {DefaultRecoveryInterval.TotalSeconds:0} s).", nameof(RecoveryInterval));
        }

        Settings.Validate();
    }
}
