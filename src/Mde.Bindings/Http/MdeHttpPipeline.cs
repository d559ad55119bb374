using Mde.Bindings.Auth;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Http;

/// <summary>
/// The handlers between an API client and the network, in the one order that is right:
/// telemetry (one activity per logical call) → transient retry → a fresh rate-limit permit for each retried attempt,
/// and 429s ridden out once the partition's pause is over → the bearer token (so a resend gets a valid one) → 429
/// feedback to the limiter (so every attempt's 429 pauses the partition) → the bound of one network attempt.
/// </summary>
public static class MdeHttpPipeline
{
    /// <summary>An <see cref="HttpClient"/> for the API at <paramref name="parts"/>' base address, with every handler.</summary>
    public static HttpClient CreateClient(MdeHttpPipelineParts parts, HttpMessageHandler? primaryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        DelegatingHandler[] handlers = CreateHandlers(parts);
        Link(handlers, primaryHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        // Each attempt is bounded by AttemptTimeoutHandler; the whole call may wait out limits and pauses far longer.
        return new HttpClient(handlers[0]) { BaseAddress = parts.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>A single handler holding the whole chain, for IHttpClientFactory pipelines.</summary>
    public static DelegatingHandler CreateChainHandler(MdeHttpPipelineParts parts) => new HandlerChain(CreateHandlers(parts));

    internal static DelegatingHandler[] CreateHandlers(MdeHttpPipelineParts parts)
    {
        var handlers = new List<DelegatingHandler>();
        if (parts.Tokens is null && parts.RequireCredentials)
        {
            // First: nothing is counted, retried or sent for a call that can only end in 401.
            handlers.Add(new CredentialsRequiredHandler());
        }

        handlers.AddRange(
        [
            new TelemetryHandler(parts.Loggers?.CreateLogger<TelemetryHandler>(), parts.TimeProvider),
            TransientRetry.CreateHandler(parts.Retry, parts.TimeProvider),
            new PermitHandler(parts.Limiters),
        ]);
        if (parts.Tokens is not null)
        {
            handlers.Add(new BearerTokenHandler(parts.Tokens, parts.BaseAddress, parts.Audience, parts.Loggers?.CreateLogger<BearerTokenHandler>())
            {
                PermissionPreflight = parts.PermissionPreflight,
            });
        }

        if (parts.Limiters is IRateLimitFeedback feedback)
        {
            handlers.Add(new RetryAfterFeedbackHandler(feedback, parts.TimeProvider));
        }

        handlers.Add(new AttemptTimeoutHandler(parts.Retry.AttemptTimeout, parts.TimeProvider));
        return handlers.ToArray();
    }

    private static void Link(DelegatingHandler[] handlers, HttpMessageHandler last)
    {
        for (int i = 0; i < handlers.Length; i++)
        {
            handlers[i].InnerHandler = i + 1 < handlers.Length ? handlers[i + 1] : last;
        }
    }

    /// <summary>Runs a fixed chain of handlers, then whatever handler IHttpClientFactory put after this one.</summary>
    private sealed class HandlerChain : DelegatingHandler
    {
        private readonly HttpMessageInvoker _head;

        public HandlerChain(DelegatingHandler[] handlers)
        {
            Link(handlers, new Forwarder(this));
            _head = new HttpMessageInvoker(handlers[0], disposeHandler: true);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            _head.SendAsync(request, cancellationToken);

        // The pipeline waits for permits and tokens asynchronously; a synchronous send would skip them.
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new NotSupportedException("API clients of Mde.Bindings send asynchronously (SendAsync): the pipeline waits for rate-limit permits and tokens.");

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _head.Dispose();
            }

            base.Dispose(disposing);
        }

        private Task<HttpResponseMessage> SendToInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            base.SendAsync(request, cancellationToken);

        private sealed class Forwarder(HandlerChain owner) : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                owner.SendToInnerAsync(request, cancellationToken);
        }
    }
}
