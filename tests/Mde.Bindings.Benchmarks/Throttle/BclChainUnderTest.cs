using System.Diagnostics;
using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Benchmarks.Throttle;

/// <summary>
/// The baseline: one BCL <see cref="SlidingWindowRateLimiter"/> per window, chained with
/// <see cref="RateLimiter.CreateChained"/>, each window cut into <see cref="SegmentsPerWindow"/> segments.
/// </summary>
/// <remarks>
/// The BCL limiters take no <see cref="TimeProvider"/>: with automatic replenishment they slide on a real timer.
/// To run them on simulated time they are built with <c>AutoReplenishment = false</c>, and the simulation calls
/// <see cref="ReplenishingRateLimiter.TryReplenish"/> at every segment boundary of simulated time (6 s for the minute
/// window, 6 min for the hour), which is what their timer would do: each replenish slides the window one segment.
/// One catch: a replenish that comes sooner than one <see cref="ReplenishingRateLimiter.ReplenishmentPeriod"/> of
/// real (Stopwatch) time after the last is silently ignored, even by hand. When replenished by hand the window's
/// length plays no other part in what is admitted (segments count calls, replenishes move segments), so each limiter
/// is given a window of one tick per segment (a 1-tick period) and the simulation lets a tick of real time pass
/// between two replenishes of the same limiter.
/// </remarks>
internal sealed class BclChainUnderTest : ISimulatedLimiter
{
    /// <summary>How many segments each BCL window is cut into.</summary>
    public const int SegmentsPerWindow = 10;

    /// <summary>How many callers may wait for a permit.</summary>
    private const int QueueLimit = 10_000;

    private readonly SlidingWindowRateLimiter[] _windows;
    private readonly TimeSpan[] _segment;
    private readonly TimeSpan[] _nextBoundary;
    private readonly long[] _lastReplenished;
    private readonly RateLimiter _chain;
    private bool _disposed;

    public BclChainUnderTest(string name, EndpointDescription endpoint)
    {
        Name = name;
        _windows = endpoint.Limits.Select(limit => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = TimeSpan.FromTicks(SegmentsPerWindow),
            SegmentsPerWindow = SegmentsPerWindow,
            QueueLimit = QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = false,
        })).ToArray();
        _segment = endpoint.Limits.Select(limit => limit.Window / SegmentsPerWindow).ToArray();
        _nextBoundary = (TimeSpan[])_segment.Clone();
        _lastReplenished = _windows.Select(_ => Stopwatch.GetTimestamp()).ToArray();
        _chain = RateLimiter.CreateChained(_windows);
    }

    public string Name { get; }

    public long QueuedCallers => _disposed ? 0 : _windows.Sum(w => w.GetStatistics()!.CurrentQueuedCount);

    public TimeSpan? NextReplenishment => _nextBoundary.Min();

    public ValueTask<RateLimitLease> AcquireAsync() => _chain.AcquireAsync(1);

    public void OnClockAdvanced(TimeSpan elapsed)
    {
        for (int i = 0; i < _windows.Length; i++)
        {
            while (_nextBoundary[i] <= elapsed)
            {
                while (Stopwatch.GetElapsedTime(_lastReplenished[i]) < _windows[i].ReplenishmentPeriod)
                {
                    Thread.SpinWait(1);
                }

                _windows[i].TryReplenish();
                _lastReplenished[i] = Stopwatch.GetTimestamp();
                _nextBoundary[i] += _segment[i];
            }
        }
    }

    public HttpMessageHandler CreatePipeline(HttpMessageHandler server) => server;

    public void Dispose()
    {
        _disposed = true;
        _chain.Dispose();
        foreach (SlidingWindowRateLimiter window in _windows)
        {
            window.Dispose();
        }
    }
}
