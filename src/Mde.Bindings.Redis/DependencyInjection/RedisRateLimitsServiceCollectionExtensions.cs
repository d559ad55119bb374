using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.Redis;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registration of the shared Redis rate limits.</summary>
/// <example>
/// <code>
/// services.AddLiveResponseApi();                                    // any order: the Redis provider replaces the in-process one
/// services.AddRedisRateLimits("redis.internal:6379,ssl=true", options => options.WorkerCount = 8);
/// </code>
/// </example>
public static class RedisRateLimitsServiceCollectionExtensions
{
    /// <summary>
    /// Makes every registered MDE API (<c>Add{Name}Api</c>, before or after this call) spend its rate limits in the Redis
    /// at <paramref name="configuration"/> (a StackExchange.Redis configuration string such as
    /// <c>redis.internal:6379,password=…,ssl=true</c>), shared with every other process of the same tenant and app.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration string cannot be read.</exception>
    public static IServiceCollection AddRedisRateLimits(this IServiceCollection services, string configuration, Action<RedisRateLimiterOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        try
        {
            // Read it now, so that a malformed string fails at start-up rather than at the first call.
            _ = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The Redis configuration string given to AddRedisRateLimits cannot be read ({ex.GetType().Name}): give 'host:port' and options such as 'password=…,ssl=true'.", nameof(configuration));
        }

        return services.AddRedisRateLimits(options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Makes every registered MDE API spend its rate limits in Redis: the one <see cref="RedisRateLimiterOptions.Configuration"/>
    /// names, or else the <see cref="IConnectionMultiplexer"/> registered in the container. The tenant and app are the
    /// options', or else those of the registered APIs' credentials.
    /// </summary>
    public static IServiceCollection AddRedisRateLimits(this IServiceCollection services, Action<RedisRateLimiterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RedisRateLimiterOptions>().Configure(configure);

        // Replaced, not tried: Add{Name}Api registers the in-process provider with TryAdd, before or after this call.
        services.RemoveAll<RedisRateLimiterProvider>();
        services.RemoveAll<IRateLimiterProvider>();
        services.RemoveAll<IRateLimitFeedback>();
        services.AddSingleton(provider => Create(provider, services));
        services.AddSingleton<IRateLimiterProvider>(provider => provider.GetRequiredService<RedisRateLimiterProvider>());
        services.AddSingleton<IRateLimitFeedback>(provider => provider.GetRequiredService<RedisRateLimiterProvider>());
        return services;
    }

    private static RedisRateLimiterProvider Create(IServiceProvider provider, IServiceCollection services)
    {
        RedisRateLimiterOptions options = provider.GetRequiredService<IOptions<RedisRateLimiterOptions>>().Value;
        if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } time)
        {
            options.TimeProvider = time;
        }

        MdeAuthOptions? credentials = FindCredentials(provider, services);
        string tenantId = options.TenantId ?? credentials?.TenantId ?? ExactRateLimiterProvider.DefaultPartitionOwner;
        string clientAppId = options.ClientAppId ?? credentials?.ClientId ?? ExactRateLimiterProvider.DefaultPartitionOwner;
        ILogger<RedisRateLimiterProvider>? logger = provider.GetService<ILogger<RedisRateLimiterProvider>>();

        if (!string.IsNullOrWhiteSpace(options.Configuration))
        {
            return RedisRateLimiterProvider.Connect(options.Configuration, tenantId, clientAppId, options, logger);
        }

        IConnectionMultiplexer redis = provider.GetService<IConnectionMultiplexer>()
            ?? throw new InvalidOperationException("AddRedisRateLimits has no Redis to use: give a configuration string (AddRedisRateLimits(\"host:6379\") or RedisRateLimiterOptions.Configuration), or register an IConnectionMultiplexer in the container.");
        return new RedisRateLimiterProvider(redis, tenantId, clientAppId, options, logger);
    }

    /// <summary>The credentials of the first registered API that has some: the limits belong to that tenant's app, as with the in-process provider.</summary>
    private static MdeAuthOptions? FindCredentials(IServiceProvider provider, IServiceCollection services)
    {
        IOptionsMonitor<MdeApiOptions>? monitor = provider.GetService<IOptionsMonitor<MdeApiOptions>>();
        if (monitor is null)
        {
            return null;
        }

        IEnumerable<string> names = services
            .Where(d => d.ServiceType == typeof(IConfigureOptions<MdeApiOptions>) && !d.IsKeyedService)
            .Select(d => (d.ImplementationInstance as ConfigureNamedOptions<MdeApiOptions>)?.Name)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        foreach (string name in names)
        {
            if (monitor.Get(name).Credentials is { TenantId: not null, ClientId: not null } credentials)
            {
                return credentials;
            }
        }

        return null;
    }
}
