using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Mde.Bindings.Redis;

/// <summary>What every partition of one provider shares: the database, the availability, the settings and this process's member prefix.</summary>
internal sealed record RedisPartitionContext(
    IDatabase Database,
    RedisAvailability Availability,
    RedisRateLimiterOptions Options,
    string MemberPrefix,
    ILogger Logger)
{
    public TimeProvider Time => Options.TimeProvider;
}
