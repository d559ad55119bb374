namespace Mde.Bindings.Throttling;

/// <summary>
/// The settings the in-process limiter (<see cref="MultiWindowRateLimiterOptions"/>) and the Redis limiter
/// (<c>RedisRateLimiterOptions</c>) share, with their checks and the windows they make: one home for both, which the
/// Redis package reaches through InternalsVisibleTo (it ships with this package, version for version).
/// </summary>
/// <param name="Owner">The options type the user set them on; every error names the setting through it.</param>
/// <param name="ParamName">The argument an error names; <see langword="null"/> names the setting itself.</param>
/// <param name="SafetyMargin">How much longer than nominal each window is enforced, as a fraction of it.</param>
/// <param name="ReservedPermits">Permits held back from every window.</param>
/// <param name="QueueLimit">How many permits may wait at once.</param>
/// <param name="TimeProvider">The clock of the waits.</param>
internal readonly record struct LimiterSettings(string Owner, string? ParamName, double SafetyMargin, int ReservedPermits, int QueueLimit, TimeProvider? TimeProvider)
{
    /// <summary>Checks every setting; the message names the one that is wrong and what it accepts.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (double.IsNaN(SafetyMargin) || SafetyMargin is < 0 or > 1)
        {
            throw new ArgumentException($"{Owner}.SafetyMargin is {SafetyMargin}: it is a fraction of each window between 0 and 1 (default {MultiWindowRateLimiterOptions.DefaultSafetyMargin}).", ParamName ?? nameof(SafetyMargin));
        }

        if (ReservedPermits < 0)
        {
            throw new ArgumentException($"{Owner}.ReservedPermits is {ReservedPermits}: use 0 or more.", ParamName ?? nameof(ReservedPermits));
        }

        if (QueueLimit < 0)
        {
            throw new ArgumentException($"{Owner}.QueueLimit is {QueueLimit}: use 0 (never queue) or more.", ParamName ?? nameof(QueueLimit));
        }

        if (TimeProvider is null)
        {
            throw new ArgumentException($"{Owner}.TimeProvider is null: use TimeProvider.System or a test clock.", ParamName ?? nameof(TimeProvider));
        }
    }

    /// <summary>
    /// The windows of <paramref name="limits"/> as enforced: each limit less <see cref="ReservedPermits"/>, divided
    /// among <paramref name="workers"/> processes (at least 1 permit each), each length with <see cref="SafetyMargin"/>.
    /// </summary>
    /// <param name="limits">The windows to enforce.</param>
    /// <param name="endpoint">The operation they are the limits of, named in errors; none when they were given directly.</param>
    /// <param name="workers">How many processes share the limits.</param>
    /// <exception cref="ArgumentException">A window is empty or not positive, or the reservation leaves it no permit.</exception>
    public EnforcedWindows Enforce(IReadOnlyList<RateLimitWindow> limits, EndpointDescription? endpoint = null, int workers = 1)
    {
        string of = endpoint is null ? "" : " of " + endpoint.OperationName;
        string? paramName = endpoint is null ? ParamName : nameof(endpoint);
        var windows = new EnforcedWindow[limits.Count];
        for (int i = 0; i < windows.Length; i++)
        {
            RateLimitWindow window = limits[i];
            if (window.PermitLimit < 1 || window.Window <= TimeSpan.Zero)
            {
                throw new ArgumentException($"Rate-limit window {i}{of} ({window.PermitLimit} per {window.Window}) is invalid: a window needs a permit limit of at least 1 and a positive length.", paramName ?? nameof(limits));
            }

            if (ReservedPermits >= window.PermitLimit)
            {
                throw new ArgumentException($"{Owner}.ReservedPermits ({ReservedPermits}) leaves no permit in the window {window}{of}: reserve fewer than {window.PermitLimit}.", paramName ?? nameof(ReservedPermits));
            }

            windows[i] = EnforcedWindow.Of(window, Math.Max(1, (window.PermitLimit - ReservedPermits) / workers), SafetyMargin);
        }

        return new EnforcedWindows(windows);
    }
}
