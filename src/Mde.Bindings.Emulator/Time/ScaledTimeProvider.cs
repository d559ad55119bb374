namespace Mde.Bindings.Emulator.Time;

/// <summary>
/// A clock that runs <see cref="Scale"/> times faster than another (the standalone emulator's <c>--time-scale</c>):
/// the time it reports advances <see cref="Scale"/> seconds per real second from the moment it is created, and its
/// timers fire after a <see cref="Scale"/>-th of their due time. Everything the emulator times — action progress,
/// token and link expiry, rate-limit windows — follows it; share it with a client in the same process so that both
/// agree on the time.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _real;
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;

    /// <summary>A clock <paramref name="scale"/> times faster than the system clock.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not a positive number.</exception>
    public ScaledTimeProvider(double scale)
        : this(System, scale)
    {
    }

    /// <summary>A clock <paramref name="scale"/> times faster than <paramref name="real"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not a positive number.</exception>
    public ScaledTimeProvider(TimeProvider real, double scale)
    {
        ArgumentNullException.ThrowIfNull(real);
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The time scale must be a positive number.");
        }

        _real = real;
        Scale = scale;
        _origin = real.GetUtcNow();
        _originTimestamp = real.GetTimestamp();
    }

    /// <summary>How many emulated seconds pass per real second.</summary>
    public double Scale { get; }

    /// <inheritdoc/>
    public override long TimestampFrequency => _real.TimestampFrequency;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    /// <summary>How long an emulated wait lasts on the real clock (a Retry-After the client will wait out for real).</summary>
    /// <param name="clock">The emulator's clock.</param>
    /// <param name="emulated">The wait on that clock.</param>
    public static TimeSpan ToRealTime(TimeProvider clock, TimeSpan emulated) =>
        clock is ScaledTimeProvider scaled ? emulated / scaled.Scale : emulated;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _origin + _real.GetElapsedTime(_originTimestamp) * Scale;

    /// <inheritdoc/>
    public override long GetTimestamp() => _originTimestamp + (long)((_real.GetTimestamp() - _originTimestamp) * Scale);

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_real.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)), this);

    private TimeSpan ToReal(TimeSpan emulated) => emulated == Timeout.InfiniteTimeSpan || emulated <= TimeSpan.Zero ? emulated : emulated / Scale;

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToReal(dueTime), clock.ToReal(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
