namespace Mde.Bindings.LiveResponse;

/// <summary>The outcome of a live response run on one device: the machine action and each command's result.</summary>
public sealed class LiveResponseResult
{
    internal LiveResponseResult(string machineId, string machineActionId, MachineActionState state, IReadOnlyList<CommandResult> commands)
    {
        MachineId = machineId;
        MachineActionId = machineActionId;
        State = state;
        Commands = commands;
    }

    /// <summary>The device the commands ran on.</summary>
    public string MachineId { get; }

    /// <summary>The machine action that tracked the run.</summary>
    public string MachineActionId { get; }

    /// <summary>The action's final state.</summary>
    public MachineActionState State { get; }

    /// <summary>Every command, in order, with what it produced.</summary>
    public IReadOnlyList<CommandResult> Commands { get; }

    /// <summary>Whether every script that ran exited with code 0.</summary>
    public bool AllScriptsSucceeded => Commands.All(c => c.Transcript is null || c.Transcript.ExitCode == 0);

    /// <inheritdoc/>
    public override string ToString() => $"{MachineId}: action {MachineActionId} {State}, {Commands.Count} command(s)";
}
