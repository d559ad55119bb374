namespace Mde.Bindings.Throttling;

/// <summary>
/// A window as a limiter enforces it: its limit (less reserved permits, or one worker's share of that) and its length
/// in ticks with the safety margin.
/// </summary>
internal readonly record struct EnforcedWindow(int Limit, long Ticks)
{
    /// <summary>The length as a duration.</summary>
    public TimeSpan Length => TimeSpan.FromTicks(Ticks);

    /// <summary>
    /// <paramref name="window"/> lengthened by <paramref name="safetyMargin"/> (a fraction of it, rounded up to a whole
    /// tick) and with <paramref name="permits"/> as its limit.
    /// </summary>
    public static EnforcedWindow Of(RateLimitWindow window, int permits, double safetyMargin)
    {
        long ticks = window.Window.Ticks;
        return new EnforcedWindow(permits, ticks + (long)Math.Ceiling(ticks * safetyMargin));
    }
}
