namespace Mde.Bindings.Throttling;

/// <summary>Settings of a <see cref="MultiWindowRateLimiter"/>.</summary>
internal sealed class MultiWindowRateLimiterOptions
{
    /// <summary>
    /// The default <see cref="SafetyMargin"/>: each window is enforced as if it were 1% longer (0.6 s on a minute
    /// window, 36 s on an hour window).
    /// </summary>
    public const double DefaultSafetyMargin = 0.01;

    /// <summary>The default <see cref="QueueLimit"/>: how many permits may wait at once.</summary>
    public const int DefaultQueueLimit = 10_000;

    /// <summary>
    /// Every window enforced at once: at most <see cref="RateLimitWindow.PermitLimit"/> grants in any rolling
    /// <see cref="RateLimitWindow.Window"/>. No windows means no limit, but <see cref="MultiWindowRateLimiter.Pause(DateTimeOffset)"/>
    /// still holds calls back, so a server's 429 is honoured even for operations the spec does not limit.
    /// </summary>
    public IReadOnlyList<RateLimitWindow> Windows { get; set; } = [];

    /// <summary>
    /// How much longer than its nominal length each window is enforced, as a fraction of it (0 to 1). A grant is not
    /// the moment the server counts the call: network latency varies from call to call, so two calls granted exactly a
    /// window apart can arrive less than a window apart. Lengthening the window absorbs that jitter at the window's
    /// edge, where it matters, and costs almost no throughput. Default <see cref="DefaultSafetyMargin"/>.
    /// </summary>
    public double SafetyMargin { get; set; } = DefaultSafetyMargin;

    /// <summary>
    /// Permits held back from every window, for other clients that spend the same server quota (another process
    /// with the same app registration, for example). Must be lower than every window's limit. Default 0.
    /// </summary>
    public int ReservedPermits { get; set; }

    /// <summary>
    /// How many permits may wait in the queue at once; a request beyond it is refused at once with a lease that
    /// says when to retry. 0 refuses whenever no permit is free. Default <see cref="DefaultQueueLimit"/>.
    /// </summary>
    public int QueueLimit { get; set; } = DefaultQueueLimit;

    /// <summary>The clock of every window, wait and pause. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The settings shared with the Redis limiter, checked and turned into windows in one place.</summary>
    internal LimiterSettings Settings => new(nameof(MultiWindowRateLimiterOptions), "options", SafetyMargin, ReservedPermits, QueueLimit, TimeProvider);
}
