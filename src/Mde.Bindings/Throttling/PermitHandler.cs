using System.Net;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Http;

namespace Mde.Bindings.Throttling;

/// <summary>
/// Keeps every attempt of a call inside the operation's limits. The first attempt already holds its permit (the
/// throttling decorator took it); a retried attempt is another call for the service, so it waits for a new permit. A
/// 429 answer is the limiter's to ride out, not the caller's: the partition is paused for the service's
/// <c>Retry-After</c> (by <see cref="RetryAfterFeedbackHandler"/>, further in), so this handler waits for a permit —
/// which comes once the pause is over — and sends the call again, a bounded number of times.
/// </summary>
internal sealed class PermitHandler : DelegatingHandler
{
    /// <summary>How many 429 answers in a row a call rides out by default before the last one is returned.</summary>
    public const int DefaultMaxThrottledResends = 5;

    private readonly IRateLimiterProvider _limiters;
    private readonly int _maxThrottledResends;
    private readonly bool _limitersPauseOn429;

    /// <summary>Creates the handler over the limiters the decorators use.</summary>
    public PermitHandler(IRateLimiterProvider limiters, int maxThrottledResends = DefaultMaxThrottledResends)
    {
        _limiters = limiters ?? throw new ArgumentNullException(nameof(limiters));
        ArgumentOutOfRangeException.ThrowIfNegative(maxThrottledResends);
        _maxThrottledResends = maxThrottledResends;

        // Resending is only safe when a 429 pauses the partition (IRateLimitFeedback): else it would resend at once.
        _limitersPauseOn429 = limiters is IRateLimitFeedback;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        EndpointDescription? endpoint = request.GetEndpoint();
        bool needsPermit = MdeRequestOptions.MarkAttempted(request);
        for (int resends = 0; ; resends++)
        {
            HttpResponseMessage response = needsPermit && endpoint is not null
                ? await SendWithPermitAsync(endpoint, request, cancellationToken).ConfigureAwait(false)
                : await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

            if (response.StatusCode != HttpStatusCode.TooManyRequests || endpoint is null || !_limitersPauseOn429 || resends >= _maxThrottledResends)
            {
                return response;
            }

            response.Dispose();
            needsPermit = true;
        }
    }

    private async Task<HttpResponseMessage> SendWithPermitAsync(EndpointDescription endpoint, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (await _limiters.AcquireAsync(endpoint, cancellationToken).ConfigureAwait(false))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
