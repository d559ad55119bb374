using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>The limiter of an operation that has no limits: every permit is granted at once.</summary>
internal sealed class NoLimitRateLimiter : RateLimiter
{
    private static readonly RateLimitLease s_granted = new GrantedLease();

    public override TimeSpan? IdleDuration => TimeSpan.Zero;

    public override RateLimiterStatistics? GetStatistics() => new();

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => s_granted;

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(s_granted);

    private sealed class GrantedLease : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
