using System.Threading.RateLimiting;

namespace Mde.Bindings.Redis;

/// <summary>
/// The leases of the Redis limiter, shaped like the in-process limiter's: a granted lease carries nothing (a window
/// permit leaves its window with time, not on dispose); a refused one says why and how long to wait.
/// </summary>
internal sealed class RedisLimiterLease : RateLimitLease
{
    public static readonly RateLimitLease Granted = new RedisLimiterLease(isAcquired: true, retryAfter: null, reason: null);

    private readonly TimeSpan? _retryAfter;
    private readonly string? _reason;

    private RedisLimiterLease(bool isAcquired, TimeSpan? retryAfter, string? reason)
    {
        IsAcquired = isAcquired;
        _retryAfter = retryAfter;
        _reason = reason;
    }

    public static RateLimitLease Refused(TimeSpan? retryAfter, string reason) => new RedisLimiterLease(isAcquired: false, retryAfter, reason);

    public override bool IsAcquired { get; }

    public override IEnumerable<string> MetadataNames
    {
        get
        {
            if (_retryAfter is not null)
            {
                yield return MetadataName.RetryAfter.Name;
            }

            if (_reason is not null)
            {
                yield return MetadataName.ReasonPhrase.Name;
            }
        }
    }

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? _retryAfter
            : metadataName == MetadataName.ReasonPhrase.Name ? _reason
            : null;
        return metadata is not null;
    }
}
