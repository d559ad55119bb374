namespace Mde.Bindings.LiveResponse;

/// <summary>A snapshot of one device's run, reported while it is polled.</summary>
/// <param name="MachineId">The device.</param>
/// <param name="MachineActionId">Its machine action, once created.</param>
/// <param name="State">The action's state.</param>
/// <param name="CommandStatuses">Each command's status, in order.</param>
public sealed record LiveResponseProgress(string MachineId, string? MachineActionId, MachineActionState State, IReadOnlyList<string> CommandStatuses)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{MachineId}: {State}" + (CommandStatuses.Count == 0 ? string.Empty : " [" + string.Join(", ", CommandStatuses) + "]");
}
