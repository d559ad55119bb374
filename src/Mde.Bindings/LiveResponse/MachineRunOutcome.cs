namespace Mde.Bindings.LiveResponse;

/// <summary>What happened on one device of a multi-device run: its result, or the error that stopped it.</summary>
/// <example>
/// <code>
/// IReadOnlyList&lt;MachineRunOutcome&gt; outcomes = await client.RunManyAsync(machineIds, [LiveResponseCommandRequest.RunScript("collect-logs.ps1")]);
/// foreach (MachineRunOutcome device in outcomes)
/// {
///     Console.WriteLine(device.Succeeded ? $"{device.MachineId}: {device.Result!.Commands[0].Transcript?.ExitCode}" : $"{device.MachineId}: {device.Error!.Message}");
/// }
/// </code>
/// </example>
public sealed class MachineRunOutcome
{
    internal MachineRunOutcome(string machineId, LiveResponseResult? result, Exception? error)
    {
        MachineId = machineId;
        Result = result;
        Error = error;
    }

    /// <summary>A device whose run succeeded.</summary>
    public static MachineRunOutcome Success(string machineId, LiveResponseResult result) =>
        new(machineId ?? throw new ArgumentNullException(nameof(machineId)), result ?? throw new ArgumentNullException(nameof(result)), null);

    /// <summary>A device whose run stopped with <paramref name="error"/> (its partial result is kept when the error carries one).</summary>
    public static MachineRunOutcome Failure(string machineId, Exception error) =>
        new(machineId ?? throw new ArgumentNullException(nameof(machineId)), (error as LiveResponseException)?.Result, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>The device.</summary>
    public string MachineId { get; }

    /// <summary>The run's result: complete when it succeeded, as far as it got when it failed (null when no action was created).</summary>
    public LiveResponseResult? Result { get; }

    /// <summary>Why the run did not succeed (a <see cref="LiveResponseException"/> for the documented cases).</summary>
    public Exception? Error { get; }

    /// <summary>Whether the run succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <inheritdoc/>
    public override string ToString() => Error is null ? Result!.ToString() : $"{MachineId}: {Error.GetType().Name}: {Error.Message}";
}
