using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Mde.Bindings.Redis;

/// <summary>
/// Whether Redis can be asked, for every partition of a provider: after a failure the provider is degraded (each
/// partition falls back to its in-process share) and tries Redis again once per recovery interval; the first answer
/// after that ends the degradation. Each change is logged once.
/// </summary>
internal sealed class RedisAvailability
{
    private readonly object _lock = new();
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly TimeSpan _recoveryInterval;
    private readonly int _workerCount;
    private readonly ILogger _logger;
    private bool _degraded;
    private long _degradedAt;
    private long _retryAt;
    private long _probationEnds = long.MinValue;
    private int _generation;

    public RedisAvailability(IConnectionMultiplexer redis, TimeProvider time, TimeSpan recoveryInterval, int workerCount, ILogger logger)
    {
        _redis = redis;
        _time = time;
        _recoveryInterval = recoveryInterval;
        _workerCount = workerCount;
        _logger = logger;
    }

    /// <summary>Whether the partitions run on their in-process shares now.</summary>
    public bool IsDegraded
    {
        get
        {
            lock (_lock)
            {
                return _degraded;
            }
        }
    }

    /// <summary>
    /// Counts the times Redis may have lost the partitions' logs (a recovery, a reconnection). A partition that last
    /// wrote its grants back in an older generation writes them back with its next attempt.
    /// </summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>
    /// How long after a recovery a process still keeps to its share as well as to the shared windows: three recovery
    /// intervals. Other processes may still be degraded, granting on their shares where the shared log cannot see it,
    /// until their connections come back and their next retry reaches Redis.
    /// </summary>
    public TimeSpan Probation => _recoveryInterval * 3;

    /// <summary>Whether a recovery was recent enough that the process's share still applies on top of the shared windows.</summary>
    public bool InProbation
    {
        get
        {
            lock (_lock)
            {
                return _time.GetTimestamp() < _probationEnds;
            }
        }
    }

    /// <summary>Whether an attempt should go to Redis now; when the connection is known to be down, this counts as a failure.</summary>
    public bool ShouldAsk()
    {
        lock (_lock)
        {
            if (_degraded && _time.GetTimestamp() < _retryAt)
            {
                return false;
            }
        }

        if (_redis.IsConnected)
        {
            return true;
        }

        Failed("no connection to Redis is open", null);
        return false;
    }

    /// <summary>Redis answered.</summary>
    public void Succeeded()
    {
        TimeSpan downtime;
        lock (_lock)
        {
            if (!_degraded)
            {
                return;
            }

            _degraded = false;
            Interlocked.Increment(ref _generation);
            downtime = _time.GetElapsedTime(_degradedAt);
            _probationEnds = _time.GetTimestamp() + (long)(Probation.TotalSeconds * _time.TimestampFrequency);
        }

        RedisRateLimitLog.Recovered(_logger, downtime);
    }

    /// <summary>Redis did not answer (or not usefully): degrade, and try again after the recovery interval.</summary>
    public void Failed(string reason, Exception? exception)
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            _retryAt = now + (long)(_recoveryInterval.TotalSeconds * _time.TimestampFrequency);
            if (_degraded)
            {
                return;
            }

            _degraded = true;
            _degradedAt = now;
        }

        RedisRateLimitLog.Degraded(_logger, reason, _workerCount, _recoveryInterval, exception);
    }

    /// <summary>The connection came back: Redis may have restarted empty, so every partition writes its grants back.</summary>
    public void OnConnectionRestored() => Interlocked.Increment(ref _generation);
}
