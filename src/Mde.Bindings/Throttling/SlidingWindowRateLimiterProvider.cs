using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>
/// A provider that chains one of the BCL's <see cref="SlidingWindowRateLimiter"/>s per window of an operation.
/// The BCL window is approximate (it counts in segments), so a strict server can still answer 429; and a chain
/// spends a permit of each earlier window while it waits for the next. <see cref="ExactRateLimiterProvider"/> is the
/// default; this one is kept for comparison (the <c>throttle</c> benchmark's baseline).
/// </summary>
public sealed class SlidingWindowRateLimiterProvider : IRateLimiterProvider, IDisposable
{
    /// <summary>The default number of segments each window is cut into.</summary>
    public const int DefaultSegmentsPerWindow = 10;

    /// <summary>The default number of permits that may wait per operation.</summary>
    public const int DefaultQueueLimit = 10_000;

    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly int _segmentsPerWindow;
    private readonly int _queueLimit;

    /// <summary>Creates the provider.</summary>
    /// <param name="segmentsPerWindow">How many segments each window is cut into.</param>
    /// <param name="queueLimit">How many callers may wait for a permit of one operation.</param>
    public SlidingWindowRateLimiterProvider(int segmentsPerWindow = DefaultSegmentsPerWindow, int queueLimit = DefaultQueueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentsPerWindow, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLimit);
        _segmentsPerWindow = segmentsPerWindow;
        _queueLimit = queueLimit;
    }

    /// <inheritdoc/>
    public RateLimiter GetLimiter(EndpointDescription endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return _limiters.GetOrAdd(endpoint.Name, static (_, state) => state.Self.Create(state.Endpoint), (Self: this, Endpoint: endpoint));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (RateLimiter limiter in _limiters.Values)
        {
            limiter.Dispose();
        }

        _limiters.Clear();
    }

    private RateLimiter Create(EndpointDescription endpoint)
    {
        if (endpoint.Limits.Count == 0)
        {
            return new NoLimitRateLimiter();
        }

        RateLimiter[] windows = endpoint.Limits.Select(window => (RateLimiter)new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = window.PermitLimit,
            Window = window.Window,
            SegmentsPerWindow = _segmentsPerWindow,
            QueueLimit = _queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        })).ToArray();
        return windows.Length == 1 ? windows[0] : RateLimiter.CreateChained(windows);
    }
}
