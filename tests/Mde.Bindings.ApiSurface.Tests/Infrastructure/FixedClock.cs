namespace Mde.Bindings.ApiSurface.Tests.Infrastructure;

/// <summary>A clock stopped at one instant: the time a recorded answer was given, so its short-lived links are still valid.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
