namespace Mde.Bindings.LiveResponse;

/// <summary>Where a machine action stands. The last four are final.</summary>
/// <example>
/// <code>
/// LiveResponseResult status = await client.GetStatusAsync(machineActionId);
/// if (status.State is MachineActionState.Pending or MachineActionState.InProgress)
/// {
///     Console.WriteLine("still running");
/// }
/// </code>
/// </example>
public enum MachineActionState
{
    /// <summary>A state the service reported that this version does not know.</summary>
    Unknown,

    /// <summary>Queued: the device has not picked the action up yet.</summary>
    Pending,

    /// <summary>Running on the device.</summary>
    InProgress,

    /// <summary>Every command completed.</summary>
    Succeeded,

    /// <summary>A command failed; the commands after it did not run.</summary>
    Failed,

    /// <summary>The action did not finish in time.</summary>
    TimeOut,

    /// <summary>The action was cancelled.</summary>
    Cancelled,
}
