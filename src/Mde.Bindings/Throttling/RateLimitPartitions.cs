using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Mde.Bindings.Throttling;

/// <summary>
/// A provider's limiters, one per partition: the partition key of an operation (its own name, or the shared partition
/// it is mapped to), each limiter made once, and the check that operations sharing a partition declare the same limits.
/// </summary>
/// <typeparam name="TLimiter">The limiter kept per partition.</typeparam>
internal sealed class RateLimitPartitions<TLimiter>
    where TLimiter : class
{
    private readonly ConcurrentDictionary<RateLimitPartitionKey, Partition> _partitions = new();

    // Each operation's limiter once found, by reference: a call then hashes no strings. Weak, so that descriptions
    // made on the fly do not pile up. Values typed object: the table's trimming annotation does not fit TLimiter.
    private readonly ConditionalWeakTable<EndpointDescription, object> _byEndpoint = new();

    private readonly object _createLock = new();
    private readonly object _owner;
    private readonly string _tenantId;
    private readonly string _clientAppId;
    private readonly Dictionary<string, string> _sharedPartitions;
    private readonly Func<RateLimitPartitionKey, EndpointDescription, TLimiter> _create;
    private bool _disposed;

    /// <param name="owner">The provider, named by the <see cref="ObjectDisposedException"/> once it is disposed.</param>
    /// <param name="tenantId">The tenant of every partition key.</param>
    /// <param name="clientAppId">The client app of every partition key.</param>
    /// <param name="sharedPartitions">Operation name → partition name, for operations that share one quota.</param>
    /// <param name="create">Makes the limiter of a partition for the first operation that uses it.</param>
    public RateLimitPartitions(object owner, string tenantId, string clientAppId, IEnumerable<KeyValuePair<string, string>> sharedPartitions, Func<RateLimitPartitionKey, EndpointDescription, TLimiter> create)
    {
        _owner = owner;
        _tenantId = tenantId;
        _clientAppId = clientAppId;
        _sharedPartitions = new Dictionary<string, string>(sharedPartitions, StringComparer.Ordinal);
        _create = create;
    }

    /// <summary>The limiters made so far.</summary>
    public IEnumerable<TLimiter> Limiters => _partitions.Values.Select(p => p.Limiter);

    /// <summary>The partition whose quota calls of <paramref name="endpoint"/> spend.</summary>
    public RateLimitPartitionKey KeyFor(EndpointDescription endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        string name = _sharedPartitions.TryGetValue(endpoint.Name, out string? shared) ? shared : endpoint.Name;
        return new RateLimitPartitionKey(_tenantId, _clientAppId, name);
    }

    /// <summary>The limiter of <paramref name="endpoint"/>'s partition, made on first use.</summary>
    /// <exception cref="ObjectDisposedException">The partitions are disposed and this one was never made.</exception>
    /// <exception cref="InvalidOperationException">Two operations share a partition but declare different limits.</exception>
    public TLimiter Get(EndpointDescription endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (_byEndpoint.TryGetValue(endpoint, out object? known))
        {
            return (TLimiter)known;
        }

        RateLimitPartitionKey key = KeyFor(endpoint);
        if (!_partitions.TryGetValue(key, out Partition? partition))
        {
            // Created under a lock so that no limiter (and its timer) is made and thrown away in a race.
            lock (_createLock)
            {
                ObjectDisposedException.ThrowIf(_disposed, _owner);
                partition = _partitions.GetOrAdd(key, static (k, state) => new Partition(state.Endpoint, state.Self._create(k, state.Endpoint)), (Self: this, Endpoint: endpoint));
            }
        }

        if (!ReferenceEquals(partition.Endpoint, endpoint) && !partition.Endpoint.Limits.SequenceEqual(endpoint.Limits))
        {
            throw new InvalidOperationException(
                $"{endpoint.OperationName} ({string.Join(" + ", endpoint.Limits)}) and {partition.Endpoint.OperationName} ({string.Join(" + ", partition.Endpoint.Limits)}) share the rate-limit partition '{key.Endpoint}' but declare different limits. Give them the same limits, or remove one of them from SharedPartitions.");
        }

        _byEndpoint.AddOrUpdate(endpoint, partition.Limiter);
        return partition.Limiter;
    }

    /// <summary>Stops making limiters; the owner disposes those made.</summary>
    /// <returns><see langword="false"/> when this was already done.</returns>
    public bool MarkDisposed()
    {
        lock (_createLock)
        {
            bool first = !_disposed;
            _disposed = true;
            return first;
        }
    }

    /// <summary>A partition's limiter and the operation that created it (whose limits any sharer must match).</summary>
    private sealed record Partition(EndpointDescription Endpoint, TLimiter Limiter);
}
