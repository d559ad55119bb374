namespace Mde.Bindings.Benchmarks.Fleet;

/// <summary>One device of the fleet, in the order the run is given the devices.</summary>
/// <param name="ScriptDuration">How long the script runs on it (for a busy device: how long the other app's action runs).</param>
internal sealed record FleetDevice(string Id, FleetDeviceKind Kind, TimeSpan ScriptDuration)
{
    /// <summary>Whether a run on it opens a live response session (the refused ones do not).</summary>
    public bool OpensSession => Kind is FleetDeviceKind.Runs or FleetDeviceKind.Fails;
}
