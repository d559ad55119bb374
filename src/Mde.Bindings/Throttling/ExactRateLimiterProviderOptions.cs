namespace Mde.Bindings.Throttling;

/// <summary>Settings of an <see cref="ExactRateLimiterProvider"/>, applied to every partition it creates.</summary>
/// <example>
/// <code>
/// // Another tool spends the same app's quota: hold 10 calls of each window back for it, and queue at most 100 callers.
/// var limits = new ExactRateLimiterProvider(tenantId, clientAppId, new ExactRateLimiterProviderOptions { ReservedPermits = 10, QueueLimit = 100 });
/// </code>
/// </example>
public sealed class ExactRateLimiterProviderOptions
{
    /// <summary>Each window's safety margin; see <see cref="MultiWindowRateLimiterOptions.SafetyMargin"/>. Default <see cref="MultiWindowRateLimiterOptions.DefaultSafetyMargin"/>.</summary>
    public double SafetyMargin { get; set; } = MultiWindowRateLimiterOptions.DefaultSafetyMargin;

    /// <summary>Permits held back from each window for other clients; see <see cref="MultiWindowRateLimiterOptions.ReservedPermits"/>. Default 0.</summary>
    public int ReservedPermits { get; set; }

    /// <summary>How many permits may wait per partition; see <see cref="MultiWindowRateLimiterOptions.QueueLimit"/>. Default <see cref="MultiWindowRateLimiterOptions.DefaultQueueLimit"/>.</summary>
    public int QueueLimit { get; set; } = MultiWindowRateLimiterOptions.DefaultQueueLimit;

    /// <summary>The clock of every partition. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Operations that share one quota, by operation name → partition name. Operations mapped to the same name share a
    /// limiter (their limits must be equal); an operation not listed has its own partition. Empty by default: the
    /// documentation gives each live response operation its own limits.
    /// </summary>
    public IDictionary<string, string> SharedPartitions { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
