using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>
/// The default <see cref="IRateLimiterProvider"/>: one exact <see cref="MultiWindowRateLimiter"/> per partition
/// (tenant + client app + operation), enforcing all of the operation's windows at once, and paused by the server's
/// 429 answers through <see cref="IRateLimitFeedback"/>. One provider serves one tenant and client app; share it
/// (a singleton) between every client of that pair so that they spend one quota together.
/// </summary>
public sealed class ExactRateLimiterProvider : IRateLimiterProvider, IRateLimitFeedback, IDisposable
{
    /// <summary>The tenant and client app of a provider made without them (<see cref="ExactRateLimiterProvider()"/>).</summary>
    public const string DefaultPartitionOwner = "default";

    private readonly RateLimitPartitions<MultiWindowRateLimiter> _partitions;
    private readonly MultiWindowRateLimiterOptions _template;

    private static readonly Lazy<ExactRateLimiterProvider> s_shared = new(() => new ExactRateLimiterProvider(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The process-wide provider of the default partition owner, on the system clock: what clients and pipelines built
    /// without a provider share, so that their permits and 429 pauses are counted in one place.
    /// </summary>
    public static ExactRateLimiterProvider Shared => s_shared.Value;

    /// <summary>Creates a provider with the default options for a caller that does not name its tenant and app.</summary>
    public ExactRateLimiterProvider()
        : this(DefaultPartitionOwner, DefaultPartitionOwner)
    {
    }

    /// <summary>Creates a provider for the calls of <paramref name="clientAppId"/> in <paramref name="tenantId"/>.</summary>
    /// <exception cref="ArgumentException">An ID is empty, or an option is out of range.</exception>
    public ExactRateLimiterProvider(string tenantId, string clientAppId, ExactRateLimiterProviderOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientAppId);
        options ??= new ExactRateLimiterProviderOptions();
        TenantId = tenantId;
        ClientAppId = clientAppId;
        _template = new MultiWindowRateLimiterOptions
        {
            SafetyMargin = options.SafetyMargin,
            ReservedPermits = options.ReservedPermits,
            QueueLimit = options.QueueLimit,
            TimeProvider = options.TimeProvider,
        };
        _partitions = new RateLimitPartitions<MultiWindowRateLimiter>(this, tenantId, clientAppId, options.SharedPartitions, (_, endpoint) => Create(endpoint));

        // Fail here, not at the first call, when the options cannot make a limiter.
        MultiWindowRateLimiter.Validate(_template);
    }

    /// <summary>The tenant whose quota the partitions track.</summary>
    public string TenantId { get; }

    /// <summary>The client app whose quota the partitions track.</summary>
    public string ClientAppId { get; }

    /// <summary>The partition whose quota calls of <paramref name="endpoint"/> spend.</summary>
    internal RateLimitPartitionKey GetPartitionKey(EndpointDescription endpoint) => _partitions.KeyFor(endpoint);

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">Two operations share a partition but declare different limits.</exception>
    public RateLimiter GetLimiter(EndpointDescription endpoint) => _partitions.Get(endpoint);

    /// <inheritdoc cref="IRateLimiterProvider.AcquireAsync"/>
    public ValueTask<RateLimitLease> AcquireAsync(EndpointDescription endpoint, CancellationToken cancellationToken = default) =>
        PermitAcquisition.AcquireAsync(this, endpoint, cancellationToken);

    /// <summary>Holds calls of <paramref name="endpoint"/>'s partition back until <paramref name="until"/>; other partitions are not affected.</summary>
    public void Pause(EndpointDescription endpoint, DateTimeOffset until) => _partitions.Get(endpoint).Pause(until);

    /// <inheritdoc/>
    public void ReportRetryAfter(EndpointDescription endpoint, TimeSpan retryAfter) => _partitions.Get(endpoint).Pause(retryAfter);

    /// <summary>Disposes every partition's limiter; callers still waiting get refused leases.</summary>
    public void Dispose()
    {
        _partitions.MarkDisposed();
        foreach (MultiWindowRateLimiter limiter in _partitions.Limiters)
        {
            limiter.Dispose();
        }
    }

    private MultiWindowRateLimiter Create(EndpointDescription endpoint)
    {
        var options = new MultiWindowRateLimiterOptions
        {
            Windows = endpoint.Limits,
            SafetyMargin = _template.SafetyMargin,
            ReservedPermits = _template.ReservedPermits,
            QueueLimit = _template.QueueLimit,
            TimeProvider = _template.TimeProvider,
        };
        return new MultiWindowRateLimiter(options);
    }
}
