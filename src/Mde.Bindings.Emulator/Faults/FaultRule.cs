using Mde.Bindings.Emulator.Http;

namespace Mde.Bindings.Emulator.Faults;

/// <summary>A fault to inject on one route (or on every route).</summary>
public sealed record FaultRule
{
    /// <summary>The route: an operation name of the spec (such as <c>GetLiveResponseResultDownloadLink</c>), or a name from <see cref="EmulatorRoutes"/>.</summary>
    public required string Route { get; init; }

    /// <summary>What the fault does.</summary>
    public required FaultKind Kind { get; init; }

    /// <summary>The status of a <see cref="FaultKind.ServerError"/>, 500 to 599.</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>The wait of a <see cref="FaultKind.Delay"/>.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>How many body bytes a <see cref="FaultKind.CutOffBody"/> or <see cref="FaultKind.TruncatedContent"/> lets through.</summary>
    public int CutOffAfterBytes { get; init; }

    /// <summary>How many requests the fault hits before it is used up; <see langword="null"/> for every request until removed.</summary>
    public int? Count { get; init; }

    /// <summary>The chance that a matching request is hit, above 0 and at most 1.</summary>
    public double Probability { get; init; } = 1.0;

    /// <summary>Checks the rule.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the route is unknown; the message names the fix.</exception>
    public void Validate()
    {
        if (Route != EmulatorRoutes.Any && !EmulatorRoutes.All.Contains(Route, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Unknown fault route '{Route}': use '*' or one of {string.Join(", ", EmulatorRoutes.All)}.", nameof(Route));
        }

        if (!Enum.IsDefined(Kind))
        {
            throw new ArgumentException($"Unknown fault kind {Kind}: use {string.Join(", ", Enum.GetNames<FaultKind>())}.", nameof(Kind));
        }

        if (Kind == FaultKind.ServerError && StatusCode is < 500 or > 599)
        {
            throw new ArgumentException($"A server error fault answers 500 to 599, not {StatusCode}.", nameof(StatusCode));
        }

        if (Kind == FaultKind.Delay && Delay <= TimeSpan.Zero)
        {
            throw new ArgumentException("A delay fault needs a positive Delay.", nameof(Delay));
        }

        if (CutOffAfterBytes < 0)
        {
            throw new ArgumentException("CutOffAfterBytes cannot be negative.", nameof(CutOffAfterBytes));
        }

        if (Count is < 1)
        {
            throw new ArgumentException("Count is at least 1, or null for no end.", nameof(Count));
        }

        if (double.IsNaN(Probability) || Probability is <= 0 or > 1)
        {
            throw new ArgumentException($"Probability {Probability} is not above 0 and at most 1.", nameof(Probability));
        }
    }
}
