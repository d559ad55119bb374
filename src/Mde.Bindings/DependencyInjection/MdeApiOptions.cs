using Mde.Bindings.Auth;
using Mde.Bindings.Downloads;
using Mde.Bindings.Http;
using Refit;

namespace Mde.Bindings.DependencyInjection;

/// <summary>Options of one registered API (named after the API: <c>Mde.Bindings.{Name}</c>).</summary>
public sealed class MdeApiOptions
{
    /// <summary>The commercial cloud's API root, the default base address.</summary>
    public static readonly Uri DefaultBaseAddress = new("https://api.security.microsoft.com");

    /// <summary>The API root the operations' paths are appended to; by default the credentials' cloud's, else the commercial one.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The app's credentials (MSAL: secret, certificate or managed identity). With them, every call carries a bearer
    /// token for the API's audience, and the rate limits are partitioned by the tenant and app.
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

    /// <summary>How transient failures are retried.</summary>
    public TransientRetryOptions Retry { get; set; } = new();

    /// <summary>How result links are downloaded.</summary>
    public LinkDownloaderOptions Downloads { get; set; } = new();

    internal Uri EffectiveBaseAddress => BaseAddress ?? Credentials?.Cloud.ApiBaseAddress ?? DefaultBaseAddress;

    internal string EffectiveAudience(string specAudience) => Audience ?? Credentials?.GetAudience() ?? specAudience;
}
