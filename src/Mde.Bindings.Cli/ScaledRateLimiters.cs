using System.Threading.RateLimiting;
using Mde.Bindings.Auth;
using Mde.Bindings.Emulator;
using Mde.Bindings.Emulator.Time;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Cli;

/// <summary>
/// The tool's rate limiters for an emulator whose clock runs <see cref="Scale"/> times faster: every window runs on a
/// clock scaled alike, so the tool spends the emulator's quota as fast as it is given and no faster. A server's
/// <c>Retry-After</c> counts real seconds (the standalone emulator converts it), so a pause is scaled onto that clock.
/// </summary>
internal sealed class ScaledRateLimiters : IRateLimiterProvider, IRateLimitFeedback, IDisposable
{
    private readonly ExactRateLimiterProvider _inner;

    public ScaledRateLimiters(MdeAuthOptions? credentials, TimeProvider realTime, double scale)
    {
        Scale = scale;
        Clock = scale == 1 ? realTime : new ScaledTimeProvider(realTime, scale);
        _inner = RateLimiterProviders.ForCredentials(credentials, Clock);
    }

    /// <summary>The provider every window lives in (its partitions belong to the credentials' tenant and app).</summary>
    internal ExactRateLimiterProvider Inner => _inner;

    /// <summary>How many times faster than real time the windows run.</summary>
    public double Scale { get; }

    /// <summary>The clock of every window (and of the run's polling): the tool's own clock, scaled by <see cref="Scale"/>.</summary>
    public TimeProvider Clock { get; }

    public RateLimiter GetLimiter(EndpointDescription endpoint) => _inner.GetLimiter(endpoint);

    public void ReportRetryAfter(EndpointDescription endpoint, TimeSpan retryAfter) => _inner.ReportRetryAfter(endpoint, retryAfter * Scale);

    public void Dispose() => _inner.Dispose();
}
