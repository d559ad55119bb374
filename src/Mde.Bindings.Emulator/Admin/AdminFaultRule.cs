using Mde.Bindings.Emulator.Faults;

namespace Mde.Bindings.Emulator.Admin;

/// <summary>A fault rule as the admin endpoint takes it; members left out keep <see cref="FaultRule"/>'s defaults.</summary>
internal sealed class AdminFaultRule
{
    public string Route { get; set; } = string.Empty;

    public FaultKind Kind { get; set; }

    public int? StatusCode { get; set; }

    public TimeSpan? Delay { get; set; }

    public int? CutOffAfterBytes { get; set; }

    public int? Count { get; set; }

    public double? Probability { get; set; }

    public FaultRule ToRule()
    {
        var rule = new FaultRule { Route = Route, Kind = Kind, Count = Count };
        return rule with
        {
            StatusCode = StatusCode ?? rule.StatusCode,
            Delay = Delay ?? rule.Delay,
            CutOffAfterBytes = CutOffAfterBytes ?? rule.CutOffAfterBytes,
            Probability = Probability ?? rule.Probability,
        };
    }
}
