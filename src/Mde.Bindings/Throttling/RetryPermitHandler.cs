using Mde.Bindings.Http;

namespace Mde.Bindings.Throttling;

/// <summary>
/// Sits inside the retry loop: the first attempt of a call already holds its permit (the throttling decorator took
/// it), so only a retried attempt waits for a new permit. A retry is a call the server counts like any other.
/// </summary>
public sealed class RetryPermitHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<bool> s_attempted = new("Mde.Bindings.Attempted");
    private readonly IRateLimiterProvider _limiters;

    /// <summary>Creates the handler over the limiters the decorators use.</summary>
    public RetryPermitHandler(IRateLimiterProvider limiters)
    {
        _limiters = limiters ?? throw new ArgumentNullException(nameof(limiters));
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool retry = request.Options.TryGetValue(s_attempted, out bool attempted) && attempted;
        request.Options.Set(s_attempted, true);
        if (retry && request.GetEndpoint() is { Limits.Count: > 0 } endpoint)
        {
            using (await _limiters.AcquireAsync(endpoint, cancellationToken).ConfigureAwait(false))
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
