using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>The limiter of an operation that has no limits: every permit is granted at once.</summary>
internal sealed class NoLimitRateLimiter : RateLimiter
{
    public override TimeSpan? IdleDuration => TimeSpan.Zero;

    public override RateLimiterStatistics? GetStatistics() => new();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => LimiterLease.Granted;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(LimiterLease.Granted);
}
