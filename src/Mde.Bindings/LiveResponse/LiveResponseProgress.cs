namespace Mde.Bindings.LiveResponse;

/// <summary>A snapshot of one device's run, reported while it is polled.</summary>
/// <param name="MachineId">The device.</param>
/// <param name="MachineActionId">Its machine action, once created.</param>
/// <param name="State">The action's state.</param>
/// <param name="CommandStatuses">Each command's status, in order.</param>
internal sealed record LiveResponseProgress(string MachineId, string? MachineActionId, MachineActionState State, IReadOnlyList<string> CommandStatuses)
{
    /// <summary>Why the device's run ended without success (a multi-device run reports it, also for a device that never got an action).</summary>
    public string? Error { get; init; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{MachineId}: {State}" + (CommandStatuses.Count == 0 ? string.Empty : " [" + string.Join(", ", CommandStatuses) + "]") + (Error is null ? string.Empty : ": " + Error);
}
