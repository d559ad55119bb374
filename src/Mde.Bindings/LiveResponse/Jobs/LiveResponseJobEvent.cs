using System.Text.Json.Serialization;

namespace Mde.Bindings.LiveResponse;

/// <summary>
/// One step of a job on one device, as its journal records it. A device goes through <see cref="DeviceQueued"/>,
/// <see cref="RunRequested"/> (written before the run is sent), <see cref="ActionRecorded"/> (once the service gave the
/// action's id), one <see cref="ResultSaved"/> per downloaded result, and <see cref="DeviceFinished"/>. A store keeps
/// events as they come and gives them back in order (<see cref="LiveResponseJobJson"/> turns one into text and back);
/// only <see cref="LiveResponseJob"/> reads their kinds, so those are internal.
/// </summary>
/// <param name="MachineId">The device.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(DeviceQueued), "device_queued")]
[JsonDerivedType(typeof(RunRequested), "run_requested")]
[JsonDerivedType(typeof(ActionRecorded), "action_recorded")]
[JsonDerivedType(typeof(ResultSaved), "result_saved")]
[JsonDerivedType(typeof(DeviceFinished), "device_finished")]
internal abstract record LiveResponseJobEvent(string MachineId)
{
    /// <summary>The device waits for a session and a run permit.</summary>
    /// <param name="MachineId">The device.</param>
    internal sealed record DeviceQueued(string MachineId) : LiveResponseJobEvent(MachineId);

    /// <summary>The run is about to be sent; its comment carries <paramref name="RunToken"/>.</summary>
    /// <param name="MachineId">The device.</param>
    /// <param name="RunToken">The job and device token in the run's comment (<see cref="LiveResponseJobDefinition.RunToken"/>).</param>
    /// <param name="RequestedAt">When it was sent: a resumed job looks for the action among those created since.</param>
    internal sealed record RunRequested(string MachineId, string RunToken, DateTimeOffset RequestedAt) : LiveResponseJobEvent(MachineId);

    /// <summary>The service created the device's machine action.</summary>
    /// <param name="MachineId">The device.</param>
    /// <param name="MachineActionId">The action's id.</param>
    internal sealed record ActionRecorded(string MachineId, string MachineActionId) : LiveResponseJobEvent(MachineId);

    /// <summary>A command's result was downloaded and written (atomically) to <paramref name="Path"/>.</summary>
    /// <param name="MachineId">The device.</param>
    /// <param name="CommandIndex">The command's index.</param>
    /// <param name="Path">Where the result was written.</param>
    internal sealed record ResultSaved(string MachineId, int CommandIndex, string Path) : LiveResponseJobEvent(MachineId);

    /// <summary>The device is done: its action ended and its results were collected, or it could not run.</summary>
    /// <param name="MachineId">The device.</param>
    /// <param name="MachineActionId">Its action, when one was created.</param>
    /// <param name="State">The action's final state (<see cref="MachineActionState.Unknown"/> when none was created).</param>
    /// <param name="CommandStatuses">Each command's final status as the service reported it, in order.</param>
    /// <param name="ErrorType">The kind of error that stopped the device (an exception type name), or null.</param>
    /// <param name="Error">Why the device did not succeed, or null.</param>
    internal sealed record DeviceFinished(string MachineId, string? MachineActionId, MachineActionState State, IReadOnlyList<string> CommandStatuses, string? ErrorType, string? Error) : LiveResponseJobEvent(MachineId);
}
