namespace Mde.Bindings.Benchmarks.Fleet;

/// <summary>What a device of the fleet does when a run reaches it.</summary>
internal enum FleetDeviceKind
{
    /// <summary>Runs the script for its own duration and succeeds.</summary>
    Runs,

    /// <summary>Runs the script for its own duration, then the command fails.</summary>
    Fails,

    /// <summary>Already runs another app's action: the run is refused at once (400 ActiveRequestAlreadyExists).</summary>
    Busy,

    /// <summary>Not known to the tenant: the run is refused at once (404).</summary>
    Unknown,
}
