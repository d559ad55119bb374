using System.ComponentModel;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Refit;

namespace Mde.Bindings.DependencyInjection;

/// <summary>
/// What every generated <c>Add{Name}Api</c> does: a named <see cref="HttpClient"/> from IHttpClientFactory, the
/// shared rate limiter provider, and the client wrapped in its throttling decorator. Kept here so generated code
/// stays a one-line call and every API is wired the same way.
/// </summary>
public static class MdeApiRegistration
{
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
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(apiName);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        ArgumentNullException.ThrowIfNull(createClient);
        ArgumentNullException.ThrowIfNull(throttle);

        string name = ClientName(apiName);
        OptionsBuilder<MdeApiOptions> options = services.AddOptions<MdeApiOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRateLimiterProvider>(static _ => new SlidingWindowRateLimiterProvider());

        IHttpClientBuilder builder = services.AddHttpClient(name);
        builder.ConfigureHttpClient((provider, client) =>
            client.BaseAddress = provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(name).BaseAddress);

        services.TryAddTransient(provider =>
        {
            MdeApiOptions settings = provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(name);
            HttpClient http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(name);
            TApi api = createClient(http, settings.RefitSettings, provider.GetService<TimeProvider>());
            return settings.EnableThrottling ? throttle(api, provider.GetRequiredService<IRateLimiterProvider>()) : api;
        });

        return builder;
    }
}
