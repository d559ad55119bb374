using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>
/// The leases this library's limiters hand out. A granted lease carries nothing (a window permit is not given
/// back on dispose: it leaves its window with time); a refused one says why and, when known, how long to wait.
/// </summary>
internal sealed class LimiterLease : RateLimitLease
{
    /// <summary>The one granted lease: it holds no state, so every grant can share it.</summary>
    public static readonly RateLimitLease Granted = new LimiterLease(isAcquired: true, retryAfter: null, reason: null);

    /// <summary>The lease of every caller still waiting when its limiter is disposed.</summary>
    public static readonly RateLimitLease Disposed = new LimiterLease(isAcquired: false, retryAfter: null, reason: "the rate limiter was disposed");

    /// <summary>Why a permit is refused while the server's Retry-After pause lasts.</summary>
    public const string PausedReason = "the server asked to wait (Retry-After) and the pause is still in force";

    /// <summary>Why a permit is refused when a window holds as many grants as it admits.</summary>
    public const string WindowFullReason = "a rate-limit window is full";

    /// <summary>Why a permit is refused at once while others wait for theirs.</summary>
    public const string QueuedAheadReason = "callers are queued ahead";

    private readonly TimeSpan? _retryAfter;
    private readonly string? _reason;

    private LimiterLease(bool isAcquired, TimeSpan? retryAfter, string? reason)
    {
        IsAcquired = isAcquired;
        _retryAfter = retryAfter;
        _reason = reason;
    }

    /// <summary>Whether disposing <paramref name="lease"/> would do nothing, so that a caller need not hold it.</summary>
    public static bool HoldsNothing(RateLimitLease lease) => ReferenceEquals(lease, Granted);

    /// <summary>A refused lease with the wait until a permit is expected (if known) and the reason.</summary>
    public static RateLimitLease Refused(TimeSpan? retryAfter, string reason) => new LimiterLease(isAcquired: false, retryAfter, reason);

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
        if (_retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = wait;
            return true;
        }

        if (_reason is not null && metadataName == MetadataName.ReasonPhrase.Name)
        {
            metadata = _reason;
            return true;
        }

        metadata = null;
        return false;
    }
}
