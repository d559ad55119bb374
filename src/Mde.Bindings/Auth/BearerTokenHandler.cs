using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mde.Bindings.Auth;

/// <summary>
/// Adds <c>Authorization: Bearer …</c> to requests for the API, and only to those: a request to any other scheme,
/// host or port (a storage host serving a download link, a redirect target) goes out without a token. When the API
/// answers 401, the token is refreshed once and the request is sent once more if its content can be sent twice.
/// </summary>
/// <remarks>
/// <para>
/// Before a request of a known operation (<see cref="MdeRequestOptions.GetEndpoint"/>) goes out, the token's claims are
/// compared with the operation's permissions from its spec (<see cref="PermissionPreflight"/>): a token for another
/// audience throws <see cref="TokenAudienceException"/>, a token without any of the permissions throws
/// <see cref="MissingPermissionException"/>, and nothing is sent. Each token is read once. An opaque token (not a
/// JSON Web Token) cannot be read and is sent unchecked.
/// </para>
/// <para>Token values never reach logs, exception messages or <see cref="object.ToString"/>.</para>
/// </remarks>
internal sealed partial class BearerTokenHandler : DelegatingHandler
{
    private readonly IAccessTokenSource _tokenSource;
    private readonly ILogger _logger;
    private readonly TokenClaimsCache _claims = new();

    /// <summary>Creates a handler that authorizes requests to <paramref name="apiBaseAddress"/>'s scheme, host and port.</summary>
    /// <param name="tokenSource">Where tokens come from.</param>
    /// <param name="apiBaseAddress">The API's root. It must be https, except on a loopback address (the emulator).</param>
    /// <param name="audience">The resource tokens are requested for, without <c>/.default</c>.</param>
    /// <param name="logger">Receives retry decisions (never tokens); <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">The address is relative, or plain http on a non-loopback host.</exception>
    public BearerTokenHandler(IAccessTokenSource tokenSource, Uri apiBaseAddress, string audience, ILogger? logger = null)
    {
        _tokenSource = tokenSource ?? throw new ArgumentNullException(nameof(tokenSource));
        ArgumentNullException.ThrowIfNull(apiBaseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        if (!apiBaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"The API address '{apiBaseAddress}' is relative: give the API's absolute root, such as {MdeCloud.Commercial.ApiBaseAddress}.", nameof(apiBaseAddress));
        }

        if (apiBaseAddress.Scheme != Uri.UriSchemeHttps && !(apiBaseAddress.Scheme == Uri.UriSchemeHttp && apiBaseAddress.IsLoopback))
        {
            throw new ArgumentException($"A bearer token is sent only over https (or plain http to a loopback address); '{Redaction.Redact(apiBaseAddress)}' is neither.", nameof(apiBaseAddress));
        }

        ApiBaseAddress = apiBaseAddress;
        Audience = audience;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Creates a handler for the API host (<see cref="MdeAuthOptions.GetApiBaseAddress"/>: the emulator's or the cloud's) and audience of <paramref name="options"/>.</summary>
    public BearerTokenHandler(IAccessTokenSource tokenSource, MdeAuthOptions options, ILogger? logger = null)
        : this(tokenSource, (options ?? throw new ArgumentNullException(nameof(options))).GetApiBaseAddress(), options.GetAudience(), logger)
    {
    }

    /// <summary>The API root whose scheme, host and port receive the token.</summary>
    public Uri ApiBaseAddress { get; }

    /// <summary>The resource tokens are requested for.</summary>
    public string Audience { get; }

    /// <summary>
    /// Whether a call is refused before it is sent when the token's audience is not the API's, or when the token carries
    /// none of the operation's permissions (on by default). Off, every call goes out and the API answers 403 itself.
    /// </summary>
    public bool PermissionPreflight { get; init; } = true;

    /// <summary>The claims read from the tokens this handler obtained.</summary>
    internal TokenClaimsCache Claims => _claims;

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsForApi(request.RequestUri))
        {
            LogSentWithoutToken(_logger, Redaction.Redact(request.RequestUri), ApiBaseAddress.Authority);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        MdeAccessToken token = await _tokenSource.GetTokenAsync(Audience, forceRefresh: false, cancellationToken).ConfigureAwait(false);
        Authorize(request, token);
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        MdeAccessToken refreshed;
        try
        {
            refreshed = await RefreshAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }

        if (!IsReplayable(request.Content))
        {
            LogNotRetried(_logger, request.Method, Redaction.Redact(request.RequestUri));
            return response;
        }

        LogRetrying(_logger, request.Method, Redaction.Redact(request.RequestUri));
        response.Dispose();
        Authorize(request, refreshed);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the token against the request's operation (unless the preflight is off), then adds it to the request.</summary>
    private void Authorize(HttpRequestMessage request, MdeAccessToken token)
    {
        if (_claims.Get(token.Value) is { } claims)
        {
            // Kept on the request so that a 403 answer can be explained against the same claims.
            MdeRequestOptions.SetTokenClaims(request, claims, Audience);
            if (PermissionPreflight && request.GetEndpoint() is { } endpoint && OperationPermissions.Refusal(endpoint, claims, Audience) is { } refusal)
            {
                LogRefusedBeforeSending(_logger, endpoint.OperationName, refusal.Message);
                throw refusal;
            }
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
    }

    private async Task<MdeAccessToken> RefreshAsync(MdeAccessToken rejected, CancellationToken cancellationToken)
    {
        // Another request may have refreshed already: take its token rather than asking the identity provider again.
        MdeAccessToken current = await _tokenSource.GetTokenAsync(Audience, forceRefresh: false, cancellationToken).ConfigureAwait(false);
        return string.Equals(current.Value, rejected.Value, StringComparison.Ordinal)
            ? await _tokenSource.GetTokenAsync(Audience, forceRefresh: true, cancellationToken).ConfigureAwait(false)
            : current;
    }

    private bool IsForApi(Uri? requestUri) =>
        requestUri is { IsAbsoluteUri: true }
        && string.Equals(requestUri.Scheme, ApiBaseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(requestUri.IdnHost, ApiBaseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
        && requestUri.Port == ApiBaseAddress.Port;

    // Content that serializes the same bytes every time it is sent; a stream may be read only once.
    private static bool IsReplayable(HttpContent? content) => content switch
    {
        null => true,
        ByteArrayContent or ReadOnlyMemoryContent or JsonContent => true,
        MultipartContent parts => parts.All(IsReplayable),
        _ => false,
    };

    [LoggerMessage(1, LogLevel.Information, "The API answered 401 to {Method} {Uri}; retrying once with a refreshed token.")]
    private static partial void LogRetrying(ILogger logger, HttpMethod method, string uri);

    [LoggerMessage(2, LogLevel.Warning, "The API answered 401 to {Method} {Uri}; the token was refreshed for the next request, but this one is not retried because its content can be sent only once.")]
    private static partial void LogNotRetried(ILogger logger, HttpMethod method, string uri);

    [LoggerMessage(4, LogLevel.Warning, "{Operation} was not sent: {Reason}")]
    private static partial void LogRefusedBeforeSending(ILogger logger, string operation, string reason);

    [LoggerMessage(3, LogLevel.Debug, "Sending {Uri} without a token: it is not the API ({ApiAuthority}).")]
    private static partial void LogSentWithoutToken(ILogger logger, string uri, string apiAuthority);
}
