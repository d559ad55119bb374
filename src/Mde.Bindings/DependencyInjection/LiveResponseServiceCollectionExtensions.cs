using Mde.Bindings.DependencyInjection;
using Mde.Bindings.Downloads;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Protocol;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of the live response workflow.</summary>
/// <example>
/// <code>
/// services.AddLiveResponseClient(options => options.Credentials = MdeAuthOptions.FromEnvironment());
/// LiveResponseClient client = services.BuildServiceProvider().GetRequiredService&lt;LiveResponseClient&gt;();
/// </code>
/// </example>
public static class LiveResponseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="Mde.Bindings.LiveResponse.LiveResponseClient"/> over the live response API's named client
    /// (the same one <c>AddLiveResponseApi</c> uses: configuring either configures both).
    /// </summary>
    public static IHttpClientBuilder AddLiveResponseClient(this IServiceCollection services, Action<MdeApiOptions>? configure = null)
    {
        IHttpClientBuilder builder = MdeApiRegistration.AddApiHttpClient(services, LiveResponseApiDescription.ApiName, LiveResponseApiDescription.Audience, configure);
        string name = builder.Name;
        services.TryAddTransient(provider =>
        {
            MdeApiOptions settings = provider.GetRequiredService<IOptionsMonitor<MdeApiOptions>>().Get(name);
            return new Mde.Bindings.LiveResponse.LiveResponseClient(
                provider.GetRequiredService<IHttpClientFactory>().CreateClient(name),
                provider.GetRequiredService<IRateLimiterProvider>(),
                provider.GetRequiredService<LinkDownloader>(),
                provider.GetService<TimeProvider>(),
                provider.GetService<ILogger<Mde.Bindings.LiveResponse.LiveResponseClient>>(),
                settings.RefitSettings,
                settings.EnableThrottling);
        });
        return builder;
    }
}
