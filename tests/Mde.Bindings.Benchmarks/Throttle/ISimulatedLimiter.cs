using System.Threading.RateLimiting;

namespace Mde.Bindings.Benchmarks.Throttle;

/// <summary>A client-side limiter as the simulation drives it.</summary>
internal interface ISimulatedLimiter : IDisposable
{
    /// <summary>How the figures name it.</summary>
    string Name { get; }

    /// <summary>Waits for the permit of one call.</summary>
    ValueTask<RateLimitLease> AcquireAsync();

    /// <summary>How many callers wait in the limiter's queues.</summary>
    long QueuedCallers { get; }

    /// <summary>When the limiter next needs the simulation to act on it (simulated time since the start), or null.</summary>
    TimeSpan? NextReplenishment { get; }

    /// <summary>The clock has reached <paramref name="elapsed"/>.</summary>
    void OnClockAdvanced(TimeSpan elapsed);

    /// <summary>The HTTP pipeline in front of <paramref name="server"/> (where a 429 can be fed back).</summary>
    HttpMessageHandler CreatePipeline(HttpMessageHandler server);
}
