using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Redis;

/// <summary>The Redis rate limiter's log messages (event ids 500–599).</summary>
internal static partial class RedisRateLimitLog
{
    [LoggerMessage(500, LogLevel.Warning, "Redis is unreachable for the shared rate limits ({Reason}): each process now enforces its own share, every window's limit / {WorkerCount} worker(s), until Redis answers again (tried every {RecoveryInterval}).")]
    public static partial void Degraded(ILogger logger, string reason, int workerCount, TimeSpan recoveryInterval, Exception? exception);

    [LoggerMessage(501, LogLevel.Information, "Redis answers again after {Downtime}: the rate limits are shared again; each partition writes back the grants it made meanwhile.")]
    public static partial void Recovered(ILogger logger, TimeSpan downtime);

    [LoggerMessage(502, LogLevel.Warning, "The server's pause of {Partition} ({Pause}) could not be stored in Redis; it holds in this process only.")]
    public static partial void PauseNotShared(ILogger logger, string partition, TimeSpan pause, Exception exception);
}
