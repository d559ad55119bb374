using Mde.Bindings.Auth;
using Mde.Bindings.Downloads;
using Mde.Bindings.Http;
using Refit;

namespace Mde.Bindings.DependencyInjection;

/// <summary>Options of one registered API (named after the API: <c>Mde.Bindings.{Name}</c>).</summary>
/// <example>
/// <code>
/// services.AddLiveResponseClient(options =>
/// {
///     options.Credentials = MdeAuthOptions.FromEnvironment();      // or set TokenSource to a source of your own
///     options.Retry.MaxRetryAttempts = 5;
///     options.Downloads.ReadIdleTimeout = TimeSpan.FromMinutes(2);
/// });
/// </code>
/// </example>
public sealed class MdeApiOptions
{
    /// <summary>The commercial cloud's API root, the default base address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.security.microsoft.com");

    /// <summary>The API root the operations' paths are appended to; by default the credentials' (their emulator's or cloud's), else the commercial cloud's.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The app's credentials (MSAL: secret, certificate or managed identity; or the loopback emulator). With them, every
    /// call carries a bearer token for the API's audience, and the rate limits are partitioned by the tenant and app.
    /// When neither these nor <see cref="TokenSource"/> (nor Refit's authorization header getter) is set, they are read
    /// from the environment with <see cref="MdeAuthOptions.FromEnvironment"/>: <c>MDE_TENANT_ID</c>, <c>MDE_CLIENT_ID</c>,
    /// <c>MDE_CLIENT_SECRET</c> or <c>MDE_CLIENT_CERTIFICATE</c>, or <c>MDE_EMULATOR_URL</c>. With nothing at all, a
    /// call throws <see cref="MdeAuthConfigurationException"/> before it is sent.
    /// </summary>
    public MdeAuthOptions? Credentials { get; set; }

    /// <summary>A token source of your own (it wins over <see cref="Credentials"/>), such as the emulator's.</summary>
    public IAccessTokenSource? TokenSource { get; set; }

    /// <summary>The token audience; by default the credentials' (their cloud's), else the spec's.</summary>
    public string? Audience { get; set; }

    /// <summary>Refit settings the client honours (exception factory, authorization header getter); null for Refit's defaults.</summary>
    public RefitSettings? RefitSettings { get; set; }

    /// <summary>Whether calls wait for the operations' rate limits before they are sent (on by default).</summary>
    public bool EnableThrottling { get; set; } = true;

    /// <summary>
    /// Whether a call is refused before it is sent, with a <see cref="MissingPermissionException"/> or a
    /// <see cref="TokenAudienceException"/>, when the token's claims show that the API would answer 403: a token for
    /// another audience, or without any of the operation's permissions from its spec (on by default). Tokens that are
    /// not JSON Web Tokens cannot be read and are never refused.
    /// </summary>
    public bool PermissionPreflight { get; set; } = true;

    /// <summary>
    /// Send calls without a token when no credentials are configured (for a proxy that authenticates, or a test
    /// server), instead of failing with <see cref="MdeAuthConfigurationException"/>; the environment is then not read.
    /// </summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>How transient failures are retried.</summary>
    public TransientRetryOptions Retry { get; set; } = new();

    /// <summary>How result links are downloaded.</summary>
    public LinkDownloaderOptions Downloads { get; set; } = new();

    /// <summary>Reads one environment variable; tests replace it to leave the process environment alone.</summary>
    internal Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

    internal Uri EffectiveBaseAddress => BaseAddress ?? Credentials?.GetApiBaseAddress() ?? DefaultBaseAddress;

    /// <summary>Whether something authenticates calls: credentials, a token source, or Refit's header getter.</summary>
    internal bool HasAuthentication => Credentials is not null || TokenSource is not null || RefitSettings?.AuthorizationHeaderValueGetter is not null;

    /// <summary>Takes the credentials from the environment when the code configured none (and did not opt out).</summary>
    internal void ReadCredentialsFromEnvironment()
    {
        if (!HasAuthentication && !AllowUnauthenticated)
        {
            Credentials = MdeAuthOptions.FromEnvironment(GetEnvironmentVariable);
        }
    }

    internal string EffectiveAudience(string specAudience) => Audience ?? Credentials?.GetAudience() ?? specAudience;
}
