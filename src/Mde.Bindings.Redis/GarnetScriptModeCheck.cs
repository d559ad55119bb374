using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Mde.Bindings.Redis;

/// <summary>
/// Garnet speaks Redis's protocol, but runs a Lua script atomically only with <c>--lua-transaction-mode true</c> (off
/// by default): without it, another client's commands run in the middle of a script, and processes that acquire at the
/// same moment can exceed a window. The mode cannot be read from the server, so when <c>INFO server</c> names Garnet
/// the provider says once what Garnet needs. Best effort: a server that refuses INFO, or is down, is not asked again
/// until the connection comes back.
/// </summary>
internal sealed class GarnetScriptModeCheck(IDatabase database, ILogger logger)
{
    private int _said;

    public async Task CheckAsync()
    {
        if (Volatile.Read(ref _said) != 0)
        {
            return;
        }

        string? info;
        try
        {
            info = (string?)await database.ExecuteAsync("INFO", "server").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            return;
        }

        if (GarnetVersion(info) is { } version && Interlocked.Exchange(ref _said, 1) == 0)
        {
            RedisRateLimitLog.GarnetNeedsLuaTransactionMode(logger, version);
        }
    }

    /// <summary>The <c>garnet_version</c> field of an <c>INFO server</c> answer; null for any other server.</summary>
    public static string? GarnetVersion(string? info)
    {
        foreach (string line in (info ?? string.Empty).Split('\n'))
        {
            if (line.StartsWith("garnet_version:", StringComparison.Ordinal))
            {
                return line["garnet_version:".Length..].Trim();
            }
        }

        return null;
    }
}
