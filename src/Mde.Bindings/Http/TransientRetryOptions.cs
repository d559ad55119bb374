namespace Mde.Bindings.Http;

/// <summary>
/// How transient failures (5xx, 408, timeouts, dropped connections) are retried: a few attempts with exponential,
/// jittered back-off. 429 is never retried here: it belongs to the rate limiter, which pauses the partition.
/// </summary>
/// <example>
/// <code>
/// services.AddLiveResponseApi(options => options.Retry = new TransientRetryOptions
/// {
///     MaxRetryAttempts = 5,
///     BaseDelay = TimeSpan.FromSeconds(2),
///     AttemptTimeout = TimeSpan.FromSeconds(100),
/// });
/// </code>
/// </example>
public sealed class TransientRetryOptions
{
    /// <summary>How many times a failed call is retried (0 turns retries off).</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first back-off; each later one doubles, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one network attempt (request and whole answer) may take before it counts as a timeout (see <see cref="AttemptTimeoutHandler"/>).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether POST calls are retried too. Off by default: a POST that reached the service may have started an
    /// action (a retried RunLiveResponse would then meet ActiveRequestAlreadyExists).
    /// </summary>
    public bool RetryPost { get; set; }
}
