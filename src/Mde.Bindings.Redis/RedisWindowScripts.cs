using System.Globalization;
using Mde.Bindings.Throttling;
using StackExchange.Redis;

namespace Mde.Bindings.Redis;

/// <summary>
/// The Lua scripts that keep a partition's windows in Redis. Each runs atomically on the server, on the server's
/// clock (<c>TIME</c>), so every process sees one log and one time, whatever its own clock says.
/// </summary>
internal static class RedisWindowScripts
{
    /// <summary>
    /// One acquisition attempt. KEYS: the log, the pause. ARGV: permits, the process's member prefix, the first grant
    /// id, the window count, then each window's limit and length in µs, then the count of grants to write back and
    /// each one's age in µs and id. Returns {1, 0, left} when granted, {0, wait in µs, left} when not, where left is
    /// the fewest permits any window has left.
    /// </summary>
    /// <remarks>
    /// Numbers are formatted with <c>%.0f</c> before they are joined into strings: Lua's own number-to-string keeps
    /// only 14 digits, and a time in µs has 16.
    /// </remarks>
    public const string Acquire = """
        local function int(n) return string.format('%.0f', n) end
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local permits = tonumber(ARGV[1])
        local prefix = ARGV[2]
        local first = tonumber(ARGV[3])
        local windows = tonumber(ARGV[4])
        local longest = 0
        for i = 1, windows do
          longest = math.max(longest, tonumber(ARGV[4 + 2 * i]))
        end
        -- Grants this process made while Redis could not count them (or before a restart emptied it).
        local at = 5 + 2 * windows
        local expiry = math.ceil(longest / 1000) + 1000
        for i = 1, tonumber(ARGV[at]) do
          local age = tonumber(ARGV[at + 2 * i - 1])
          if age < longest then
            redis.call('ZADD', KEYS[1], 'NX', now - age, prefix .. ARGV[at + 2 * i])
            redis.call('PEXPIRE', KEYS[1], expiry)
          end
        end
        -- Nothing older than the largest window can ever block a grant again.
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', int(now - longest))
        local ready = tonumber(redis.call('GET', KEYS[2]) or '0')
        local need = math.max(permits, 1)
        local left = nil
        for i = 1, windows do
          local limit = tonumber(ARGV[3 + 2 * i])
          local length = tonumber(ARGV[4 + 2 * i])
          local count = redis.call('ZCOUNT', KEYS[1], '(' .. int(now - length), '+inf')
          -- After the grant the window may hold limit entries: the one limit - need + 1 places back must be out.
          local blocking = limit - need + 1
          if count >= blocking then
            local entry = redis.call('ZREVRANGE', KEYS[1], blocking - 1, blocking - 1, 'WITHSCORES')
            ready = math.max(ready, tonumber(entry[2]) + length)
          end
          if left == nil or limit - count < left then left = limit - count end
        end
        left = math.max(left or 0, 0)
        if ready > now then
          return {0, ready - now, left}
        end
        if permits > 0 then
          for i = 0, permits - 1 do
            redis.call('ZADD', KEYS[1], now, prefix .. int(first + i))
          end
          -- An idle partition's keys vanish a second after its last grant has left the largest window.
          redis.call('PEXPIRE', KEYS[1], expiry)
          left = math.max(left - permits, 0)
        end
        return {1, 0, left}
        """;

    /// <summary>
    /// Pauses a partition for every process. KEYS: the pause. ARGV: the pause in µs. The pause only ever lengthens,
    /// and the key expires when it ends.
    /// </summary>
    public const string Pause = """
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
        local pause = tonumber(ARGV[1])
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if now + pause > current then
          redis.call('SET', KEYS[1], string.format('%.0f', now + pause), 'PX', math.max(1, math.ceil(pause / 1000)))
        end
        return 1
        """;

    /// <summary>The arguments of <see cref="Acquire"/>.</summary>
    public static RedisValue[] AcquireArguments(int permits, string memberPrefix, long firstId, EnforcedWindows windows, IReadOnlyList<(long AgeMicroseconds, long Id)> writeBack)
    {
        ReadOnlySpan<EnforcedWindow> all = windows.All;
        var values = new RedisValue[5 + (2 * all.Length) + (2 * writeBack.Count)];
        values[0] = permits;
        values[1] = memberPrefix;
        values[2] = firstId;
        values[3] = all.Length;
        int at = 4;
        foreach (EnforcedWindow window in all)
        {
            values[at++] = window.Limit;
            values[at++] = Microseconds(window.Length);
        }

        values[at++] = writeBack.Count;
        foreach ((long age, long id) in writeBack)
        {
            values[at++] = age;
            values[at++] = id.ToString(CultureInfo.InvariantCulture);
        }

        return values;
    }

    /// <summary>A duration as the scripts take it: whole microseconds (the unit of the server's clock), rounded up.</summary>
    public static long Microseconds(TimeSpan duration) => (duration.Ticks + TimeSpan.TicksPerMicrosecond - 1) / TimeSpan.TicksPerMicrosecond;

    /// <summary>Reads <see cref="Acquire"/>'s answer.</summary>
    /// <exception cref="RedisException">The answer is not the script's (another script under the same name, or a proxy that rewrote it).</exception>
    public static RedisAnswer ReadAcquire(RedisResult result)
    {
        if (result.Resp2Type != ResultType.Array || result.Length != 3)
        {
            throw new RedisException($"The rate-limit script answered {result.Resp2Type} where a list of 3 numbers was expected.");
        }

        return new RedisAnswer((long)result[0] == 1, TimeSpan.FromTicks((long)result[1] * TimeSpan.TicksPerMicrosecond), (int)(long)result[2]);
    }
}
