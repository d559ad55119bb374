using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>Acquiring an operation's permit, the way generated decorators do it.</summary>
public static class RateLimiterProviderExtensions
{
    /// <summary>
    /// Waits for a permit of <paramref name="endpoint"/> (every window at once) and returns its lease.
    /// An operation without limits gets a lease at once.
    /// </summary>
    /// <exception cref="RateLimitRejectedException">The limiter refused the permit (its queue is full).</exception>
    public static async ValueTask<RateLimitLease> AcquireAsync(this IRateLimiterProvider provider, EndpointDescription endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(endpoint);
        RateLimiter limiter = provider.GetLimiter(endpoint);
        RateLimitLease lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired)
        {
            return lease;
        }

        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait) ? wait : null;
        string? reason = lease.TryGetMetadata(MetadataName.ReasonPhrase, out string? phrase) ? phrase : null;
        lease.Dispose();
        throw new RateLimitRejectedException(endpoint, retryAfter, reason);
    }
}
