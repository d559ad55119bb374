namespace Mde.Bindings.Throttling;

/// <summary>
/// Takes the server's word on rate limits: after a 429, the operation's partition sends nothing until the server's
/// <c>Retry-After</c> has passed. <see cref="RetryAfterFeedbackHandler"/> reports to it.
/// </summary>
internal interface IRateLimitFeedback
{
    /// <summary>Holds calls of <paramref name="endpoint"/>'s partition back for <paramref name="retryAfter"/> from now.</summary>
    void ReportRetryAfter(EndpointDescription endpoint, TimeSpan retryAfter);
}
