using Mde.Bindings.Auth;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Http;

/// <summary>
/// The handlers between an API client and the network, built from these settings in the one order that is right:
/// telemetry (one activity per logical call) → transient retry → a fresh rate-limit permit for each retried attempt,
/// and 429s ridden out once the partition's pause is over → the bearer token (so a resend gets a valid one) → 429
/// feedback to the limiter (so every attempt's 429 pauses the partition) → the bound of one network attempt.
/// <c>AddLiveResponseClient</c> and every <c>Add{Name}Api</c> build one; build one yourself only without dependency injection.
/// </summary>
/// <param name="BaseAddress">The API root; the bearer token is sent to this host only.</param>
/// <param name="Audience">The token audience (the scope is this followed by <c>/.default</c>).</param>
/// <param name="Limiters">The rate limiters; 429s are reported to them when they take feedback.</param>
/// <param name="Tokens">Where bearer tokens come from; null sends no token (Refit's header getter may still add one).</param>
/// <example>
/// <code>
/// MdeAuthOptions credentials = MdeAuthOptions.FromEnvironment() ?? throw new InvalidOperationException("Set MDE_TENANT_ID, MDE_CLIENT_ID and MDE_CLIENT_SECRET.");
/// HttpClient http = new MdeHttpPipeline(credentials.GetApiBaseAddress(), credentials.GetAudience(), ExactRateLimiterProvider.Shared, credentials.CreateTokenSource())
///     .CreateClient();
/// ILiveResponseApi api = new LiveResponseApiClient(http);
/// </code>
/// </example>
public sealed record MdeHttpPipeline(Uri BaseAddress, string Audience, IRateLimiterProvider Limiters, IAccessTokenSource? Tokens)
{
    /// <summary>
    /// Whether a call with no <see cref="Tokens"/> fails with <see cref="MdeAuthenticationException"/> before it is
    /// sent, rather than going out without a token (default <see langword="false"/>).
    /// </summary>
    public bool RequireCredentials { get; init; }

    /// <summary>
    /// Whether a call is refused before it is sent when the token's claims show it cannot pass: a token for another
    /// audience, or without any of the operation's permissions (on by default; see <see cref="BearerTokenHandler.PermissionPreflight"/>).
    /// </summary>
    public bool PermissionPreflight { get; init; } = true;

    /// <summary>How transient failures are retried.</summary>
    public TransientRetryOptions Retry { get; init; } = new();

    /// <summary>The clock of back-offs, timeouts and feedback.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the handlers log; nowhere when null.</summary>
    public ILoggerFactory? Loggers { get; init; }

    /// <summary>An <see cref="HttpClient"/> for the API at <see cref="BaseAddress"/>, with every handler.</summary>
    /// <param name="primaryHandler">The network handler at the end of the chain; <see langword="null"/> for a <see cref="SocketsHttpHandler"/>.</param>
    public HttpClient CreateClient(HttpMessageHandler? primaryHandler = null)
    {
        DelegatingHandler[] handlers = CreateHandlers();
        Link(handlers, primaryHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

        // Each attempt is bounded by AttemptTimeoutHandler; the whole call may wait out limits and pauses far longer.
        return new HttpClient(handlers[0]) { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>A single handler holding the whole chain, for IHttpClientFactory pipelines.</summary>
    public DelegatingHandler CreateChainHandler() => new HandlerChain(CreateHandlers());

    internal DelegatingHandler[] CreateHandlers()
    {
        var handlers = new List<DelegatingHandler>();
        if (Tokens is null && RequireCredentials)
        {
            // First: nothing is counted, retried or sent for a call that can only end in 401.
            handlers.Add(new CredentialsRequiredHandler());
        }

        handlers.AddRange(
        [
            new TelemetryHandler(Loggers?.CreateLogger<TelemetryHandler>(), TimeProvider),
            TransientRetry.CreateHandler(Retry, TimeProvider),
            new PermitHandler(Limiters),
        ]);
        if (Tokens is not null)
        {
            handlers.Add(new BearerTokenHandler(Tokens, BaseAddress, Audience, Loggers?.CreateLogger<BearerTokenHandler>())
            {
                PermissionPreflight = PermissionPreflight,
            });
        }

        if (Limiters is IRateLimitFeedback feedback)
        {
            handlers.Add(new RetryAfterFeedbackHandler(feedback, TimeProvider));
        }

        handlers.Add(new AttemptTimeoutHandler(Retry.AttemptTimeout, TimeProvider));
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
