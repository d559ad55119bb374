using Mde.Bindings.Throttling;
using StackExchange.Redis;

namespace Mde.Bindings.Redis;

/// <summary>
/// Where a partition lives in Redis: <c>{prefix}{tenant/app/operation}:log</c> (a sorted set of grants, scored by
/// the server's time in microseconds) and <c>{prefix}{tenant/app/operation}:pause</c> (the time until which the
/// server's 429 holds every process back). The braces are a hash tag: both keys hash to one cluster slot, so one
/// script can touch them atomically.
/// </summary>
internal sealed record RedisPartitionKeys(RedisKey Log, RedisKey Pause)
{
    public static RedisPartitionKeys For(string prefix, RateLimitPartitionKey partition)
    {
        string tag = prefix + "{" + partition + "}";
        return new RedisPartitionKeys(tag + ":log", tag + ":pause");
    }
}
