using System.Globalization;
using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection;

namespace Mde.Bindings.Benchmarks;

/// <summary>
/// The overhead benchmark's second case: the whole pipeline a consumer gets from <c>services.AddLiveResponseApi</c>
/// (telemetry, retry, permits, bearer token with the permission preflight, 429 feedback, attempt timeout) against a
/// hand-written call through the very same named <see cref="HttpClient"/>, so that both go through the same handlers.
/// </summary>
internal sealed class OverheadPipeline : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ExactRateLimiterProvider _limiters;

    private OverheadPipeline(ServiceProvider services, ExactRateLimiterProvider limiters, ILiveResponseApi api, HttpClient handWritten)
    {
        _services = services;
        _limiters = limiters;
        Api = api;
        HandWritten = handWritten;
    }

    /// <summary>The generated client as the container hands it out: behind its throttling decorator.</summary>
    public ILiveResponseApi Api { get; }

    /// <summary>The container's named client of the API, with every handler of the pipeline.</summary>
    public HttpClient HandWritten { get; }

    /// <param name="address">The API root.</param>
    /// <param name="primaryHandler">The handler after the pipeline; <see langword="null"/> for the network.</param>
    public static OverheadPipeline Create(Uri address, Func<HttpMessageHandler>? primaryHandler = null)
    {
        // The default provider (exact limits per operation, 429 feedback) on a clock a million times faster than real
        // time: 100/minute and 1500/hour then never make a caller wait, and every call still takes its permits.
        var limiters = new ExactRateLimiterProvider("benchmark-tenant", "benchmark-app", new ExactRateLimiterProviderOptions { TimeProvider = new FastClock() });
        var services = new ServiceCollection();
        services.AddSingleton<IRateLimiterProvider>(limiters);
        IHttpClientBuilder client = services.AddLiveResponseApi(options =>
        {
            options.BaseAddress = address;
            options.TokenSource = new CachedTokenSource();
        });
        if (primaryHandler is not null)
        {
            client.ConfigurePrimaryHttpMessageHandler(primaryHandler);
        }

        ServiceProvider provider = services.BuildServiceProvider();
        HttpClient handWritten = provider.GetRequiredService<IHttpClientFactory>().CreateClient(MdeApiRegistration.ClientName(LiveResponseApiDescription.ApiName));
        return new OverheadPipeline(provider, limiters, provider.GetRequiredService<ILiveResponseApi>(), handWritten);
    }

    public async ValueTask DisposeAsync()
    {
        HandWritten.Dispose();
        await _services.DisposeAsync();
        _limiters.Dispose();
    }

    /// <summary>A credential whose token is cached: what a token source hands out between two renewals.</summary>
    private sealed class CachedTokenSource : IAccessTokenSource
    {
        // An app token for the API with the role GetMachineAction asks for, so that the preflight passes. Unsigned:
        // only the handler reads it, and the loopback server ignores it.
        private static readonly Task<MdeAccessToken> s_token = Task.FromResult(new MdeAccessToken(Jwt(), DateTimeOffset.UtcNow.AddDays(1)));

        public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken) => s_token;

        private static string Jwt()
        {
            long expires = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();
            string payload = string.Create(CultureInfo.InvariantCulture, $$"""{"aud":"{{LiveResponseApiDescription.Audience}}","roles":["Machine.ReadWrite.All","Machine.LiveResponse"],"appid":"11111111-2222-3333-4444-555555555555","tid":"66666666-7777-8888-9999-000000000000","exp":{{expires}}}""");
            return Base64Url("""{"alg":"none","typ":"JWT"}""") + "." + Base64Url(payload) + ".signature";
        }

        private static string Base64Url(string json) =>
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The system clock, a million times faster.</summary>
    private sealed class FastClock : TimeProvider
    {
        public override long TimestampFrequency => Math.Max(1, System.TimestampFrequency / 1_000_000);
    }
}
