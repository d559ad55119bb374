namespace Mde.Bindings.Benchmarks.Fleet;

/// <summary>
/// The fleet both sides run on, drawn from a seed: script durations spread evenly between 30 s and 3 min, a few devices
/// whose script fails, a few that are busy with another app's action when the run reaches them, a few that do not exist.
/// </summary>
internal sealed class FleetPlan
{
    public static readonly TimeSpan ShortestScript = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestScript = TimeSpan.FromMinutes(3);

    /// <summary>How long an action stays Pending before its script starts (the emulator's default).</summary>
    public static readonly TimeSpan Pending = TimeSpan.FromSeconds(2);

    /// <summary>How long the other app's action keeps a busy device busy: past the moment any side reaches it.</summary>
    public static readonly TimeSpan BusyFor = TimeSpan.FromMinutes(9);

    // Busy devices sit among the first ten: both sides reach them in the first simulated minute, while they are busy.
    private const int BusyWithin = 10;

    private FleetPlan(IReadOnlyList<FleetDevice> devices) => Devices = devices;

    public IReadOnlyList<FleetDevice> Devices { get; }

    public int Count(FleetDeviceKind kind) => Devices.Count(d => d.Kind == kind);

    public static FleetPlan Create(int count, int failing, int busy, int unknown, int seed)
    {
        if (count < BusyWithin || failing + busy + unknown > count / 2 || busy > BusyWithin)
        {
            throw new ArgumentException($"A fleet of {count} devices cannot hold {failing} failing, {busy} busy and {unknown} unknown devices: give at least {BusyWithin} devices, at most {BusyWithin} busy ones, and keep the odd ones under half.");
        }

        var random = new Random(seed);
        var kinds = new FleetDeviceKind[count];
        Place(kinds, busy, FleetDeviceKind.Busy, random, BusyWithin);
        Place(kinds, failing, FleetDeviceKind.Fails, random, count);
        Place(kinds, unknown, FleetDeviceKind.Unknown, random, count);
        double spread = (LongestScript - ShortestScript).TotalSeconds;
        var devices = new FleetDevice[count];
        int unknownNumber = 0;
        for (int i = 0; i < count; i++)
        {
            // Tenths of a second: the durations print and compare exactly.
            TimeSpan duration = kinds[i] == FleetDeviceKind.Busy
                ? BusyFor
                : TimeSpan.FromSeconds(Math.Round(ShortestScript.TotalSeconds + (random.NextDouble() * spread), 1));
            string id = kinds[i] == FleetDeviceKind.Unknown ? $"retired-{++unknownNumber:D4}" : $"device-{i + 1:D4}";
            devices[i] = new FleetDevice(id, kinds[i], duration);
        }

        return new FleetPlan(devices);
    }

    private static void Place(FleetDeviceKind[] kinds, int how, FleetDeviceKind kind, Random random, int within)
    {
        for (int placed = 0; placed < how;)
        {
            int at = random.Next(within);
            if (kinds[at] == FleetDeviceKind.Runs)
            {
                kinds[at] = kind;
                placed++;
            }
        }
    }
}
