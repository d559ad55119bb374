namespace Mde.Bindings.Throttling;

/// <summary>
/// Every window a limiter enforces at once, and the rules they make together over a <see cref="GrantLog"/>: when
/// the next permits are free, how many are left, how large a request can ever be. Both the in-process and the
/// Redis limiter decide with these (the Redis one on its own grants while Redis is unreachable).
/// </summary>
internal sealed class EnforcedWindows
{
    private readonly EnforcedWindow[] _windows;

    public EnforcedWindows(EnforcedWindow[] windows)
    {
        _windows = windows;
        LargestRequest = windows.Length == 0 ? int.MaxValue : windows.Min(static w => w.Limit);
        LongestTicks = windows.Length == 0 ? 0 : windows.Max(static w => w.Ticks);
        LogCapacity = windows.Length == 0 ? 0 : windows.Max(static w => w.Limit);
    }

    /// <summary>The windows, in the order they were given.</summary>
    public ReadOnlySpan<EnforcedWindow> All => _windows;

    /// <summary>The most permits one request can ever get: the smallest window's limit (no limit without windows).</summary>
    public int LargestRequest { get; }

    /// <summary>The longest window's length in ticks (0 without windows): how long a grant counts at most.</summary>
    public long LongestTicks { get; }

    /// <summary>How many grants a log must keep to answer every window: the largest window's limit.</summary>
    public int LogCapacity { get; }

    /// <summary>A log long enough for these windows.</summary>
    public GrantLog NewLog(bool keepIds = false) => new(LogCapacity, keepIds);

    /// <summary>Refuses a request no window could ever grant at once.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permitCount"/> is above <see cref="LargestRequest"/>.</exception>
    public void CheckPermitCount(int permitCount)
    {
        if (permitCount > LargestRequest)
        {
            throw new ArgumentOutOfRangeException(nameof(permitCount), permitCount, $"{permitCount} permits can never be granted at once: the smallest window admits {LargestRequest}. Ask for at most {LargestRequest}.");
        }
    }

    /// <summary>
    /// The earliest time every window lets <paramref name="permitCount"/> more grants into <paramref name="log"/>
    /// (0 asks whether one is free); <see cref="long.MinValue"/> when no window holds them back.
    /// </summary>
    public long ReadyAt(GrantLog log, int permitCount)
    {
        int permits = Math.Max(permitCount, 1);
        long ready = long.MinValue;
        foreach (EnforcedWindow window in _windows)
        {
            // After the grant the window may hold Limit entries, so the entry Limit - permits + 1 places back must be out.
            int blocking = window.Limit - permits + 1;
            if (blocking <= log.Count)
            {
                ready = Math.Max(ready, log.NthNewest(blocking) + window.Ticks);
            }
        }

        return ready;
    }

    /// <summary>The fewest permits any window has left at <paramref name="now"/> (<see cref="int.MaxValue"/> without windows).</summary>
    public int Available(GrantLog log, long now)
    {
        int fewest = int.MaxValue;
        foreach (EnforcedWindow window in _windows)
        {
            fewest = Math.Min(fewest, window.Limit - log.CountAfter(now - window.Ticks));
        }

        return Math.Max(0, fewest);
    }

    /// <summary>When the newest grant of <paramref name="log"/> leaves the longest window (0 for an empty log): from then on every window is empty.</summary>
    public long EmptySince(GrantLog log) => log.Count > 0 ? log.Newest + LongestTicks : 0;
}
