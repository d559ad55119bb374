using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Mde.Bindings.Redis;

/// <summary>
/// An <see cref="IRateLimiterProvider"/> whose limits live in Redis, so that every process of one app registration
/// (functions, containers, schedulers) spends one quota together. The semantics are the in-process
/// <see cref="ExactRateLimiterProvider"/>'s: one partition per tenant + client app + operation, every window of the
/// operation enforced at once and exactly (a log of grants, on the Redis server's clock), a FIFO queue with a limit,
/// cancellation, <c>RetryAfter</c> on refused leases, and the server's 429 pausing the partition (for every process).
/// </summary>
/// <remarks>
/// <para>While Redis is unreachable, each process enforces its own share of every window (the limit ÷
/// <see cref="RedisRateLimiterOptions.WorkerCount"/>) and logs that it does; it tries Redis again every
/// <see cref="RedisRateLimiterOptions.RecoveryInterval"/> and shares the limits again as soon as Redis answers.</para>
/// <para>Share one provider (a singleton) between every client of the tenant and app in a process.</para>
/// </remarks>
public sealed class RedisRateLimiterProvider : IRateLimiterProvider, IRateLimitFeedback, IDisposable, IAsyncDisposable
{
    private readonly RateLimitPartitions<RedisPartitionLimiter> _partitions;
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly RedisPartitionContext _context;
    private readonly GarnetScriptModeCheck _garnetCheck;

    /// <summary>Creates a provider over a connection of your own (it stays yours: disposing the provider leaves it open).</summary>
    /// <param name="redis">The connection. Give it <c>abortConnect=false</c> so that a process can start while Redis is down.</param>
    /// <param name="tenantId">The tenant whose quota the partitions track.</param>
    /// <param name="clientAppId">The client app whose quota the partitions track.</param>
    /// <param name="options">The settings; the defaults when null. <see cref="RedisRateLimiterOptions.TenantId"/> and <see cref="RedisRateLimiterOptions.ClientAppId"/> are not read here.</param>
    /// <param name="logger">Where degradation and recovery are logged.</param>
    /// <exception cref="ArgumentException">An ID is empty, or a setting is out of range.</exception>
    public RedisRateLimiterProvider(IConnectionMultiplexer redis, string tenantId, string clientAppId, RedisRateLimiterOptions? options = null, ILogger<RedisRateLimiterProvider>? logger = null)
        : this(redis, ownsConnection: false, tenantId, clientAppId, options, logger)
    {
    }

    private RedisRateLimiterProvider(IConnectionMultiplexer redis, bool ownsConnection, string tenantId, string clientAppId, RedisRateLimiterOptions? options, ILogger<RedisRateLimiterProvider>? logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientAppId);
        RedisRateLimiterOptions settings = (options ?? new RedisRateLimiterOptions()).Copy();
        settings.Validate();
        _redis = redis;
        _ownsConnection = ownsConnection;
        TenantId = tenantId;
        ClientAppId = clientAppId;
        ILogger log = (ILogger?)logger ?? NullLogger.Instance;
        var availability = new RedisAvailability(redis, settings.TimeProvider, settings.RecoveryInterval, settings.WorkerCount, log);

        // Grant ids are unique per provider instance, so that a grant written back after an outage is recognised.
        string memberPrefix = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() + ":";
        _context = new RedisPartitionContext(redis.GetDatabase(settings.Database), availability, settings, memberPrefix, log);
        _partitions = new RateLimitPartitions<RedisPartitionLimiter>(this, tenantId, clientAppId, settings.SharedPartitions, Create);
        _garnetCheck = new GarnetScriptModeCheck(_context.Database, log);
        redis.ConnectionRestored += OnConnectionRestored;
        _ = _garnetCheck.CheckAsync();
    }

    /// <summary>The tenant whose quota the partitions track.</summary>
    public string TenantId { get; }

    /// <summary>The client app whose quota the partitions track.</summary>
    public string ClientAppId { get; }

    /// <summary>Whether Redis is unreachable and each partition enforces only this process's share of its windows.</summary>
    public bool IsDegraded => _context.Availability.IsDegraded;

    /// <summary>
    /// Connects to Redis with <paramref name="configuration"/> (a StackExchange.Redis configuration string) and creates a
    /// provider that owns the connection. The connection does not abort when Redis is down at start: the provider then
    /// begins degraded and shares the limits once Redis answers.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration string cannot be read, an ID is empty, or a setting is out of range.</exception>
    public static async Task<RedisRateLimiterProvider> ConnectAsync(string configuration, string tenantId, string clientAppId, RedisRateLimiterOptions? options = null, ILogger<RedisRateLimiterProvider>? logger = null)
    {
        ConfigurationOptions config = ParseConfiguration(configuration);
        (options ?? new RedisRateLimiterOptions()).Validate();
        ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        try
        {
            return new RedisRateLimiterProvider(redis, ownsConnection: true, tenantId, clientAppId, options, logger);
        }
        catch
        {
            await redis.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The synchronous form of <see cref="ConnectAsync"/>, for dependency injection factories.</summary>
    /// <exception cref="ArgumentException">The configuration string cannot be read, an ID is empty, or a setting is out of range.</exception>
    public static RedisRateLimiterProvider Connect(string configuration, string tenantId, string clientAppId, RedisRateLimiterOptions? options = null, ILogger<RedisRateLimiterProvider>? logger = null)
    {
        ConfigurationOptions config = ParseConfiguration(configuration);
        (options ?? new RedisRateLimiterOptions()).Validate();
        ConnectionMultiplexer redis = ConnectionMultiplexer.Connect(config);
        try
        {
            return new RedisRateLimiterProvider(redis, ownsConnection: true, tenantId, clientAppId, options, logger);
        }
        catch
        {
            redis.Dispose();
            throw;
        }
    }

    /// <summary>The partition whose quota calls of <paramref name="endpoint"/> spend.</summary>
    internal RateLimitPartitionKey GetPartitionKey(EndpointDescription endpoint) => _partitions.KeyFor(endpoint);

    /// <inheritdoc cref="IRateLimiterProvider.AcquireAsync"/>
    public ValueTask<RateLimitLease> AcquireAsync(EndpointDescription endpoint, CancellationToken cancellationToken = default) =>
        PermitAcquisition.AcquireAsync(this, endpoint, cancellationToken);

    /// <summary>The Redis keys of <paramref name="endpoint"/>'s partition: its log of grants and its pause.</summary>
    public (RedisKey Log, RedisKey Pause) GetRedisKeys(EndpointDescription endpoint)
    {
        RedisPartitionKeys keys = RedisPartitionKeys.For(_context.Options.KeyPrefix, GetPartitionKey(endpoint));
        return (keys.Log, keys.Pause);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The operation's limits cannot be enforced with these settings (a reservation as large as a limit).</exception>
    /// <exception cref="InvalidOperationException">Two operations share a partition but declare different limits.</exception>
    public RateLimiter GetLimiter(EndpointDescription endpoint) => _partitions.Get(endpoint);

    /// <inheritdoc/>
    /// <remarks>The pause holds this process at once; it reaches the other processes when Redis has stored it.</remarks>
    public void ReportRetryAfter(EndpointDescription endpoint, TimeSpan retryAfter) =>
        ReportRetryAfterAsync(endpoint, retryAfter).ContinueWith(
            static task => _ = task.Exception, // Observed: a pause reported while the provider is disposed changes nothing.
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    /// <summary>
    /// Holds every process's calls of <paramref name="endpoint"/>'s partition back for <paramref name="retryAfter"/>; the
    /// task ends when Redis has stored the pause (or, when Redis is unreachable, when this process holds it alone).
    /// </summary>
    public Task ReportRetryAfterAsync(EndpointDescription endpoint, TimeSpan retryAfter) => _partitions.Get(endpoint).PauseAsync(retryAfter);

    /// <summary>Holds calls of <paramref name="endpoint"/>'s partition back, in every process, until <paramref name="until"/>.</summary>
    public Task PauseAsync(EndpointDescription endpoint, DateTimeOffset until) =>
        ReportRetryAfterAsync(endpoint, until - _context.Time.GetUtcNow());

    /// <summary>Disposes every partition (callers still waiting get refused leases) and the connection if the provider made it.</summary>
    public void Dispose()
    {
        if (!MarkDisposed())
        {
            return;
        }

        DisposePartitions();
        if (_ownsConnection)
        {
            _redis.Dispose();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (!MarkDisposed())
        {
            return;
        }

        DisposePartitions();
        if (_ownsConnection)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ConfigurationOptions ParseConfiguration(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ConfigurationOptions config;
        try
        {
            config = ConfigurationOptions.Parse(configuration);
        }
        catch (ArgumentException ex)
        {
            // The message of the parser may quote the string, and the string may hold a password: do not repeat it.
            throw new ArgumentException($"The Redis configuration string cannot be read ({ex.GetType().Name}): give 'host:port' and options such as 'password=…,ssl=true'.", nameof(configuration));
        }

        // Start (and keep running) while Redis is down, and fail fast instead of queueing commands meanwhile: the
        // limiter then degrades at once instead of holding calls for a timeout.
        config.AbortOnConnectFail = false;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        return config;
    }

    private bool MarkDisposed()
    {
        if (!_partitions.MarkDisposed())
        {
            return false;
        }

        _redis.ConnectionRestored -= OnConnectionRestored;
        return true;
    }

    private void DisposePartitions()
    {
        foreach (RedisPartitionLimiter partition in _partitions.Limiters)
        {
            partition.Dispose();
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        _context.Availability.OnConnectionRestored();
        _ = _garnetCheck.CheckAsync();
    }

    /// <exception cref="ArgumentException">A window of <paramref name="endpoint"/> is invalid, or the reservation leaves it no permit.</exception>
    private RedisPartitionLimiter Create(RateLimitPartitionKey key, EndpointDescription endpoint) => new(_context, key, endpoint);
}
