using System.Diagnostics;
using System.Net;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Http;
using Mde.Bindings.Observability;

namespace Mde.Bindings.Throttling;

/// <summary>
/// Feeds the server's 429 answers back to the rate limiter: reads <c>Retry-After</c> and pauses the partition of the
/// request's operation, so that no other caller sends to it before the server is ready again, and counts it
/// (<c>mde.client.server_throttled</c>). It returns the response unchanged: <see cref="PermitHandler"/> rides the 429 out.
/// </summary>
/// <remarks>Requests that were not sent by a generated client carry no operation and are passed through untouched.</remarks>
internal sealed class RetryAfterFeedbackHandler : DelegatingHandler
{
    /// <summary>The pause after a 429 whose <c>Retry-After</c> is missing or unreadable: one minute, the shortest window of the API's limits.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromMinutes(1);

    private readonly IRateLimitFeedback _feedback;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _defaultRetryAfter;

    /// <summary>Creates the handler.</summary>
    /// <param name="feedback">Where 429s are reported (an <see cref="ExactRateLimiterProvider"/>).</param>
    /// <param name="timeProvider">The clock an HTTP-date <c>Retry-After</c> is measured with when the response has no <c>Date</c>.</param>
    /// <param name="defaultRetryAfter">The pause when <c>Retry-After</c> is missing; <see cref="DefaultRetryAfter"/> if not given.</param>
    public RetryAfterFeedbackHandler(IRateLimitFeedback feedback, TimeProvider? timeProvider = null, TimeSpan? defaultRetryAfter = null)
    {
        _feedback = feedback ?? throw new ArgumentNullException(nameof(feedback));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _defaultRetryAfter = defaultRetryAfter ?? DefaultRetryAfter;
        ArgumentOutOfRangeException.ThrowIfLessThan(_defaultRetryAfter, TimeSpan.Zero, nameof(defaultRetryAfter));
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        Report(request, response);
        return response;
    }

    /// <inheritdoc/>
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = base.Send(request, cancellationToken);
        Report(request, response);
        return response;
    }

    private void Report(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests || request.GetEndpoint() is not { } endpoint)
        {
            return;
        }

        TimeSpan wait = RetryAfterHeader.GetDelay(response, _timeProvider.GetUtcNow()) ?? _defaultRetryAfter;
        MdeTelemetry.ServerThrottled.Add(1, new TagList { { "mde.operation", endpoint.OperationName } });
        _feedback.ReportRetryAfter(endpoint, wait);
    }
}
