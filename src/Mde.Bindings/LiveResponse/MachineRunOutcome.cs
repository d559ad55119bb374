namespace Mde.Bindings.LiveResponse;

/// <summary>What happened on one device of a multi-device run: its result, or the error that stopped it.</summary>
public sealed class MachineRunOutcome
{
    internal MachineRunOutcome(string machineId, LiveResponseResult? result, Exception? error)
    {
        MachineId = machineId;
        Result = result;
        Error = error;
    }

    /// <summary>The device.</summary>
    public string MachineId { get; }

    /// <summary>The run's result when it succeeded.</summary>
    public LiveResponseResult? Result { get; }

    /// <summary>Why the run did not succeed (a <see cref="LiveResponseException"/> for the documented cases).</summary>
    public Exception? Error { get; }

    /// <summary>Whether the run succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <inheritdoc/>
    public override string ToString() => Error is null ? Result!.ToString() : $"{MachineId}: {Error.GetType().Name}: {Error.Message}";
}
