using System.Diagnostics;
using System.Threading.RateLimiting;
using Mde.Bindings.Observability;

namespace Mde.Bindings.Throttling;

/// <summary>Acquiring an operation's permit, the way generated decorators do it.</summary>
public static class RateLimiterProviderExtensions
{
    /// <summary>
    /// Waits for a permit of <paramref name="endpoint"/> (every window at once) and returns its lease.
    /// An operation without limits gets a lease at once.
    /// </summary>
    /// <exception cref="RateLimitRejectedException">The limiter refused the permit (its queue is full).</exception>
    public static ValueTask<RateLimitLease> AcquireAsync(this IRateLimiterProvider provider, EndpointDescription endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(endpoint);
        RateLimiter limiter = provider.GetLimiter(endpoint);
        bool measured = MdeTelemetry.LimiterWait.Enabled || MdeTelemetry.LimiterQueueLength.Enabled;

        // No AttemptAcquire first: a free permit already comes back completed (and this method then allocates nothing),
        // while a probe refused behind a queue of waiters costs the limiter a refusal and counts as a failed lease.
        return AcquireCoreAsync(limiter, endpoint, measured, cancellationToken);
    }

    private static async ValueTask<RateLimitLease> AcquireCoreAsync(RateLimiter limiter, EndpointDescription endpoint, bool measured, CancellationToken cancellationToken)
    {
        RateLimitLease lease = measured
            ? await AcquireMeasuredAsync(limiter, endpoint, cancellationToken).ConfigureAwait(false)
            : await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);

        if (lease.IsAcquired)
        {
            return lease;
        }

        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : null;
        string? reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out string? phrase) ? phrase : null;
        lease.Dispose();
        throw new RateLimitRejectedException(endpoint, retryAfter, reason);
    }

    private static async ValueTask<RateLimitLease> AcquireMeasuredAsync(RateLimiter limiter, EndpointDescription endpoint, CancellationToken cancellationToken)
    {
        var operation = new TagList { { "mde.operation", endpoint.OperationName } };
        long started = Stopwatch.GetTimestamp();
        MdeTelemetry.LimiterQueueLength.Add(1, operation);
        try
        {
            return await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            MdeTelemetry.LimiterQueueLength.Add(-1, operation);
            MdeTelemetry.LimiterWait.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, operation);
        }
    }
}
