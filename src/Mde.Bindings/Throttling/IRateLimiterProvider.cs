using System.Diagnostics;
using System.Threading.RateLimiting;
using Mde.Bindings.Observability;

namespace Mde.Bindings.Throttling;

/// <summary>
/// Gives the rate limiter that guards an operation. One provider serves one partition owner (a tenant and
/// client app); inside it, each operation has its own limiter that enforces all of the operation's windows
/// at once. Generated <c>Throttled{Name}Api</c> decorators acquire a permit from it before every call;
/// <see cref="ExactRateLimiterProvider"/> is the default.
/// </summary>
public interface IRateLimiterProvider
{
    /// <summary>Returns the limiter for <paramref name="endpoint"/>; the same instance for every call of the same operation.</summary>
    RateLimiter GetLimiter(EndpointDescription endpoint);

    /// <summary>
    /// Waits for a permit of <paramref name="endpoint"/> (every window at once) and returns its lease: dispose it when
    /// the call is done. An operation without limits gets a lease at once. Generated decorators and the pipeline call
    /// this before each request; call it yourself only around calls of your own.
    /// </summary>
    /// <exception cref="RateLimitRejectedException">The limiter refused the permit (its queue is full).</exception>
    /// <example>
    /// <code>
    /// using (await limits.AcquireAsync(LiveResponseApiDescription.GetMachineAction, cancellationToken))
    /// {
    ///     // one call of your own to GetMachineAction
    /// }
    /// </code>
    /// </example>
    ValueTask<RateLimitLease> AcquireAsync(EndpointDescription endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        RateLimiter limiter = GetLimiter(endpoint);
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
