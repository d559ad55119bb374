using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Benchmarks.Throttle;

/// <summary>The library's default: one partition of an <see cref="ExactRateLimiterProvider"/>, with 429 feedback in the pipeline.</summary>
internal sealed class ExactLimiterUnderTest : ISimulatedLimiter
{
    private readonly ExactRateLimiterProvider _provider;
    private readonly RateLimiter _limiter;
    private readonly TimeProvider _clock;
    private bool _disposed;

    public ExactLimiterUnderTest(string name, EndpointDescription endpoint, TimeProvider clock, double safetyMargin)
    {
        Name = name;
        _clock = clock;
        _provider = new ExactRateLimiterProvider("simulated-tenant", "simulated-app", new ExactRateLimiterProviderOptions { TimeProvider = clock, SafetyMargin = safetyMargin });
        _limiter = _provider.GetLimiter(endpoint);
    }

    public string Name { get; }

    public long QueuedCallers => _disposed ? 0 : _limiter.GetStatistics()!.CurrentQueuedCount;

    // Its own timer (on the simulation clock) wakes it; nothing to drive from outside.
    public TimeSpan? NextReplenishment => null;

    public ValueTask<RateLimitLease> AcquireAsync() => _limiter.AcquireAsync(1);

    public void OnClockAdvanced(TimeSpan elapsed)
    {
    }

    public HttpMessageHandler CreatePipeline(HttpMessageHandler server) => new RetryAfterFeedbackHandler(_provider, _clock) { InnerHandler = server };

    public void Dispose()
    {
        _disposed = true;
        _provider.Dispose();
    }
}
