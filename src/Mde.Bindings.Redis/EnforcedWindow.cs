namespace Mde.Bindings.Redis;

/// <summary>A window as enforced: its limit (less reserved permits, or a worker's share of it) and its length with the safety margin.</summary>
internal readonly record struct EnforcedWindow(int Limit, TimeSpan Length)
{
    /// <summary>The windows of <paramref name="limits"/> as every process enforces them together through Redis.</summary>
    public static EnforcedWindow[] Shared(IReadOnlyList<RateLimitWindow> limits, RedisRateLimiterOptions options) =>
        limits.Select(w => new EnforcedWindow(w.PermitLimit - options.ReservedPermits, Lengthen(w.Window, options.SafetyMargin))).ToArray();

    /// <summary>
    /// The windows one process enforces alone while Redis is unreachable: its share of each limit (the limit less
    /// reserved permits, divided by the worker count, at least 1), so that the workers together stay within the limit.
    /// </summary>
    public static EnforcedWindow[] Degraded(IReadOnlyList<RateLimitWindow> limits, RedisRateLimiterOptions options) =>
        limits.Select(w => new EnforcedWindow(Math.Max(1, (w.PermitLimit - options.ReservedPermits) / options.WorkerCount), Lengthen(w.Window, options.SafetyMargin))).ToArray();

    private static TimeSpan Lengthen(TimeSpan window, double margin) => TimeSpan.FromTicks(window.Ticks + (long)Math.Ceiling(window.Ticks * margin));
}
