using System.Diagnostics;
using System.Threading.RateLimiting;
using Mde.Bindings.Observability;

namespace Mde.Bindings.Throttling;

/// <summary>Acquiring an operation's permit: the one body behind <see cref="IRateLimiterProvider.AcquireAsync"/> and the providers' own.</summary>
internal static class PermitAcquisition
{
    /// <summary>Waits for a permit of <paramref name="endpoint"/> from <paramref name="provider"/> and returns its lease.</summary>
    /// <exception cref="RateLimitRejectedException">The limiter refused the permit (its queue is full).</exception>
    public static ValueTask<RateLimitLease> AcquireAsync(IRateLimiterProvider provider, EndpointDescription endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(endpoint);
        RateLimiter limiter = provider.GetLimiter(endpoint);
        bool measured = MdeTelemetry.LimiterWait.Enabled || MdeTelemetry.LimiterQueueLength.Enabled;

        // No AttemptAcquire first: a free permit already comes back completed (and this method then allocates nothing),
        // while a probe refused behind a queue of waiters costs the limiter a refusal and counts as a failed lease.
        ValueTask<RateLimitLease> pending = measured ? AcquireMeasuredAsync(limiter, endpoint, cancellationToken) : limiter.AcquireAsync(1, cancellationToken);
        if (!pending.IsCompletedSuccessfully)
        {
            return AcquireLaterAsync(pending, endpoint);
        }

        RateLimitLease lease = pending.Result;
        return lease.IsAcquired ? new ValueTask<RateLimitLease>(lease) : ValueTask.FromException<RateLimitLease>(Rejected(lease, endpoint));
    }

    private static async ValueTask<RateLimitLease> AcquireLaterAsync(ValueTask<RateLimitLease> pending, EndpointDescription endpoint)
    {
        RateLimitLease lease = await pending.ConfigureAwait(false);
        return lease.IsAcquired ? lease : throw Rejected(lease, endpoint);
    }

    /// <summary>The exception of a refused lease, which it disposes.</summary>
    private static RateLimitRejectedException Rejected(RateLimitLease lease, EndpointDescription endpoint)
    {
        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : null;
        string? reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out string? phrase) ? phrase : null;
        lease.Dispose();
        return new RateLimitRejectedException(endpoint, retryAfter, reason);
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
