using System.Text.Json;

namespace Mde.Bindings.Auth;

/// <summary>
/// Gets bearer tokens from the loopback emulator's token endpoint with client credentials, and caches each until
/// five minutes before it expires. <see cref="MdeAuthOptions.CreateTokenSource"/> makes one for the demo app when the
/// settings name an emulator (<see cref="MdeAuthOptions.EmulatorUrl"/>, <c>MDE_EMULATOR_URL</c>); plug one into
/// <see cref="BearerTokenHandler"/> to call the emulator like the real API. Internal: users reach it through
/// <see cref="MdeAuthOptions.EmulatorUrl"/>. It holds nothing to dispose (its default HTTP client is shared), as no
/// <see cref="IAccessTokenSource"/> does, so nobody has to know which kind of source they were given.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphore never hands out its wait handle, so it holds nothing to release; it lives as long as its token source.")]
internal sealed class EmulatorTokenSource : IAccessTokenSource
{
    // Loopback only, so a client that lives as long as the process is safe (no DNS changes to follow).
    private static readonly HttpClient s_sharedHttpClient = new();

    /// <summary>
    /// The client id of the app every emulator registers by default (it holds every role the API checks): a GUID, as
    /// Entra ID's are, since the service names an app token's caller by it in a machine action's <c>requestor</c>.
    /// </summary>
    public const string DemoClientId = "6d3c2b1a-0f4e-4d5c-9b8a-7e6f5d4c3b2a";

    /// <summary>The client secret of the demo app: a well-known value that only the loopback emulator accepts.</summary>
    public const string DemoClientSecret = "mde-emulator-demo-secret";

    /// <summary>The path of the emulator's token endpoint under its API root.</summary>
    public const string TokenPath = "oauth2/v2.0/token";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly Uri _tokenEndpoint;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MdeAccessToken? _cached;
    private string? _cachedAudience;

    /// <summary>Creates a token source.</summary>
    /// <param name="tokenEndpoint">The emulator's token endpoint (<see cref="TokenEndpointFor"/> of its API root).</param>
    /// <param name="clientId">The app's client id.</param>
    /// <param name="clientSecret">The app's client secret.</param>
    /// <param name="httpClient">The client to send token requests with (its owner disposes it); <see langword="null"/> for a shared one.</param>
    /// <param name="timeProvider">The clock the cache expires by; <see langword="null"/> for the system clock.</param>
    public EmulatorTokenSource(Uri tokenEndpoint, string clientId, string clientSecret, HttpClient? httpClient = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(tokenEndpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        _tokenEndpoint = tokenEndpoint;
        _clientId = clientId;
        _clientSecret = clientSecret;
        _httpClient = httpClient ?? s_sharedHttpClient;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A token source for the demo app of the emulator whose API root is <paramref name="emulatorUrl"/>.</summary>
    /// <param name="emulatorUrl">The emulator's API root, such as <c>http://127.0.0.1:5080/</c>: a loopback address.</param>
    /// <param name="httpClient">The client to send token requests with (its owner disposes it); <see langword="null"/> for a shared one.</param>
    /// <param name="timeProvider">The clock the cache expires by; <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException">The address is not an absolute http(s) loopback address.</exception>
    public static EmulatorTokenSource ForDemoApp(Uri emulatorUrl, HttpClient? httpClient = null, TimeProvider? timeProvider = null) =>
        new(TokenEndpointFor(emulatorUrl), DemoClientId, DemoClientSecret, httpClient, timeProvider);

    /// <summary>The token endpoint of the emulator whose API root is <paramref name="emulatorUrl"/>: <c>{emulatorUrl}oauth2/v2.0/token</c>.</summary>
    /// <exception cref="ArgumentException">The address is not an absolute http(s) loopback address.</exception>
    public static Uri TokenEndpointFor(Uri emulatorUrl)
    {
        ArgumentNullException.ThrowIfNull(emulatorUrl);
        if (EmulatorAddress.Refusal(emulatorUrl) is { } why)
        {
            throw new ArgumentException($"The emulator address '{Redaction.Redact(emulatorUrl)}' {why}", nameof(emulatorUrl));
        }

        return new Uri(EmulatorAddress.AsRoot(emulatorUrl), TokenPath);
    }

    /// <inheritdoc/>
    public async Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(audience);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!forceRefresh && _cached is { } cached && _cachedAudience == audience && _timeProvider.GetUtcNow() < cached.ExpiresOn - RefreshMargin)
            {
                return cached;
            }

            _cached = await RequestAsync(audience, cancellationToken).ConfigureAwait(false);
            _cachedAudience = audience;
            return _cached;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<MdeAccessToken> RequestAsync(string audience, CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = _clientId,
            ["client_secret"] = _clientSecret,
            ["scope"] = audience.TrimEnd('/') + "/.default",
        });
        HttpResponseMessage response;
        try
        {
            response = await _httpClient.PostAsync(_tokenEndpoint, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new MdeAuthenticationException($"The emulator's token endpoint {_tokenEndpoint} could not be reached: is the emulator running?", null, e);
        }

        using (response)
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using JsonDocument document = JsonDocument.Parse(body);
                JsonElement root = document.RootElement;
                if (!response.IsSuccessStatusCode)
                {
                    string? code = root.TryGetProperty("error", out JsonElement error) ? error.GetString() : null;
                    string? description = root.TryGetProperty("error_description", out JsonElement text) ? text.GetString() : null;
                    throw new MdeAuthenticationException($"The emulator refused a token for client '{_clientId}' ({(int)response.StatusCode} {code}): {description} Check the client id and secret the emulator printed.", code, null);
                }

                string token = root.GetProperty("access_token").GetString() ?? string.Empty;
                long expiresIn = root.GetProperty("expires_in").GetInt64();
                return new MdeAccessToken(token, _timeProvider.GetUtcNow().AddSeconds(expiresIn));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
            {
                throw new MdeAuthenticationException($"The emulator's token endpoint answered {(int)response.StatusCode} with a body that is not a token response.", null, e);
            }
        }
    }
}
