using Mde.Bindings.Auth;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Http;

/// <summary>What the API pipeline is built from.</summary>
/// <param name="BaseAddress">The API root; the bearer token is sent to this host only.</param>
/// <param name="Audience">The token audience (the scope is this followed by <c>/.default</c>).</param>
/// <param name="Limiters">The rate limiters; 429s are reported to them when they take feedback.</param>
/// <param name="Tokens">Where bearer tokens come from; null sends no token (Refit's header getter may still add one).</param>
public sealed record MdeHttpPipelineParts(Uri BaseAddress, string Audience, IRateLimiterProvider Limiters, IAccessTokenSource? Tokens)
{
    /// <summary>
    /// Whether a call with no <see cref="Tokens"/> fails with <see cref="MdeCredentialsMissingException"/> before it is
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
}
