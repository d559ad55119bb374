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

    [LoggerMessage(503, LogLevel.Warning, "The shared rate limits run on Garnet {Version}, which runs a Lua script atomically only with --lua-transaction-mode true (off by default): without it, processes that acquire at the same moment can exceed a window. Start Garnet with --lua true --lua-transaction-mode true. This is said whenever the server is Garnet: the mode cannot be read from the server.")]
    public static partial void GarnetNeedsLuaTransactionMode(ILogger logger, string version);
}
