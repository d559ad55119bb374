using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>
/// A limiter's totals of granted and refused leases, for <see cref="RateLimiter.GetStatistics"/>. A request for 0
/// permits only asks whether one is free: it is no lease and counts in neither total.
/// </summary>
/// <remarks>A mutable struct: keep it in a field (never a readonly one) and update it under the limiter's lock.</remarks>
internal struct LeaseTotals
{
    private long _successful;
    private long _failed;

    public void Granted(int permitCount)
    {
        if (permitCount > 0)
        {
            _successful++;
        }
    }

    public void Refused(int permitCount)
    {
        if (permitCount > 0)
        {
            _failed++;
        }
    }

    /// <summary>The statistics with these totals and the limiter's own figures.</summary>
    public readonly RateLimiterStatistics Statistics(long availablePermits, long queuedPermits) => new()
    {
        CurrentAvailablePermits = availablePermits,
        CurrentQueuedCount = queuedPermits,
        TotalSuccessfulLeases = _successful,
        TotalFailedLeases = _failed,
    };
}
