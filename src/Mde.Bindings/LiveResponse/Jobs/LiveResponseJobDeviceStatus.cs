namespace Mde.Bindings.LiveResponse;

/// <summary>How far a device of a job got, by its journal.</summary>
internal enum LiveResponseJobStage
{
    /// <summary>Nothing was done yet.</summary>
    NotStarted,

    /// <summary>Waiting for a session and a run permit.</summary>
    Queued,

    /// <summary>The run was sent; its action's id is not known yet.</summary>
    Requested,

    /// <summary>Its action runs, or its results are being collected.</summary>
    Running,

    /// <summary>Done: succeeded or failed (see the state and error).</summary>
    Finished,
}

/// <summary>One device of a job as its journal has it.</summary>
/// <param name="MachineId">The device.</param>
/// <param name="Stage">How far it got.</param>
/// <param name="MachineActionId">Its action, once known.</param>
/// <param name="State">Its action's final state, once finished (<see cref="MachineActionState.Unknown"/> when no action was created).</param>
/// <param name="ResultsSaved">How many results were saved.</param>
/// <param name="Error">Why it did not succeed, when finished so.</param>
internal sealed record LiveResponseJobDeviceStatus(string MachineId, LiveResponseJobStage Stage, string? MachineActionId, MachineActionState? State, int ResultsSaved, string? Error);
