using System.ComponentModel;
using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.Downloads;
using Mde.Bindings.Http;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// What every generated <c>Add{Name}Api</c> does: a named <see cref="HttpClient"/> from IHttpClientFactory with the
/// whole pipeline (telemetry, retry, auth, 429 feedback), the shared exact rate limiter, and the client wrapped in
/// its throttling decorator. Kept here so generated code stays a one-line call and every API is wired the same way.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MdeApiRegistration
{
    /// <summary>The name of the storage HttpClient that downloads result links (it never carries a token).</summary>
    public const string StorageClientName = "Mde.Bindings.Storage";

    /// <summary>The name of the HttpClient and of the options of API <paramref name="apiName"/>.</summary>
    public static string ClientName(string apiName) => "Mde.Bindings." + apiName;

    /// <summary>Registers an API. Generated <c>Add{Name}Api</c> methods call this.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static IHttpClientBuilder AddApi<TApi>(
        IServiceCollection services,
        string apiName,
        string audience,
        Func<HttpClient, RefitSettings?, TimeProvider?, TApi> createClient,
        Func<TApi, IRateLimiterProvider, TApi> throttle,
        Action<MdeApiOptions>? configure)
        where TApi : class
    {
        ArgumentNullException.ThrowIfNull(createClient);
        ArgumentNullException.ThrowIfNull(throttle);
        IHttpClientBuilder builder = AddApiHttpClient(services, apiName, audience, configure);
        string name = builder.Name;
        services.TryAddTransient(provider =>
        {
            MdeApiOptions settings = provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(name);
            HttpClient http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(name);
            TApi api = createClient(http, settings.RefitSettings, provider.GetService<TimeProvider>());
            return settings.EnableThrottling ? throttle(api, provider.GetRequiredService<IRateLimiterProvider>()) : api;
        });
        return builder;
    }

    /// <summary>
    /// Registers (once per API) the named HttpClient of API <paramref name="apiName"/> with its pipeline, the shared
    /// rate limiter provider and the storage client; later calls only add their configuration.
    /// </summary>
    public static IHttpClientBuilder AddApiHttpClient(IServiceCollection services, string apiName, string audience, Action<MdeApiOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(apiName);
        ArgumentException.ThrowIfNullOrEmpty(audience);

        string name = ClientName(apiName);
        OptionsBuilder<MdeApiOptions> options = services.AddOptions<MdeApiOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        IHttpClientBuilder builder = services.AddHttpClient(name);
        if (services.Any(d => d.ServiceType == typeof(ApiPipelineMarker) && Equals(d.ServiceKey, name)))
        {
            return builder;
        }

        services.AddKeyedSingleton(name, new ApiPipelineMarker());

        // After every Configure: code-configured credentials win; with none, the environment is read as mde-lr reads it.
        options.PostConfigure(settings => settings.ReadCredentialsFromEnvironment());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRateLimiterProvider>(provider =>
        {
            // One provider for the container: the limits belong to the tenant's app, whichever API calls.
            return RateLimiterProviders.ForCredentials(
                provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(name).Credentials,
                provider.GetRequiredService<TimeProvider>());
        });

        // The token source holds MSAL's cache: built once per API, not each time the factory rebuilds handlers.
        services.AddKeyedSingleton(name, (provider, _) =>
        {
            MdeApiOptions settings = provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(name);
            return new TokenSourceHolder(settings.TokenSource ?? (settings.Credentials is { } credentials ? credentials.CreateTokenSource() : null));
        });

        builder.ConfigureHttpClient((provider, client) =>
        {
            client.BaseAddress = provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(name).EffectiveBaseAddress;

            // Each network attempt is bounded in the pipeline; the whole call may wait out limits and pauses far longer.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddHttpMessageHandler(provider =>
        {
            MdeApiOptions settings = provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(name);
            return new MdeHttpPipeline(
                settings.EffectiveBaseAddress,
                settings.EffectiveAudience(audience),
                provider.GetRequiredService<IRateLimiterProvider>(),
                provider.GetRequiredKeyedService<TokenSourceHolder>(name).Source)
            {
                RequireCredentials = !settings.HasAuthentication && !settings.AllowUnauthenticated,
                PermissionPreflight = settings.PermissionPreflight,
                Retry = settings.Retry,
                TimeProvider = provider.GetRequiredService<TimeProvider>(),
                Loggers = provider.GetService<ILoggerFactory>(),
            }.CreateChainHandler();
        });

        services.AddHttpClient(StorageClientName).ConfigurePrimaryHttpMessageHandler(LinkDownloader.CreateStorageHandler);
        services.TryAddTransient(provider => new LinkDownloader(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(StorageClientName),
            provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(name).Downloads,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<LinkDownloader>>()));
        return builder;
    }

    private sealed class ApiPipelineMarker;

    private sealed record TokenSourceHolder(IAccessTokenSource? Source);
}
