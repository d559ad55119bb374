namespace Mde.Bindings.LiveResponse;

/// <summary>A live response run did not succeed. Subclasses say how; <see cref="Result"/> holds what was done before.</summary>
/// <example>
/// <code>
/// try
/// {
///     LiveResponseResult result = await client.RunAsync(machineId, [LiveResponseCommandRequest.RunScript("collect-logs.ps1")]);
/// }
/// catch (LiveResponseException failed)
/// {
///     // Failed, timed out, cancelled or refused; Result holds what was done before, results collected included.
///     Console.Error.WriteLine($"{failed.MachineId} ({failed.MachineActionId}): {failed.Message}");
/// }
/// </code>
/// </example>
public class LiveResponseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LiveResponseException(string message, string machineId, string? machineActionId, LiveResponseResult? result = null, Exception? innerException = null)
        : base(message, innerException)
    {
        MachineId = machineId;
        MachineActionId = machineActionId;
        Result = result;
    }

    /// <summary>The device of the run.</summary>
    public string MachineId { get; }

    /// <summary>The machine action of the run, when one was created.</summary>
    public string? MachineActionId { get; }

    /// <summary>The commands' results as far as the run got (completed commands' results are downloaded), when known.</summary>
    public LiveResponseResult? Result { get; }
}

/// <summary>
/// The device already runs a live response action (the service's 400 ActiveRequestAlreadyExists): one run per device
/// at a time. Wait for it, cancel it (<see cref="ActiveMachineActionId"/>), or set
/// <see cref="LiveResponseRunOptions.CancelActiveAction"/> to cancel it and retry automatically.
/// </summary>
/// <example>
/// <code>
/// try
/// {
///     await client.RunAsync(machineId, commands);
/// }
/// catch (ActiveRequestAlreadyExistsException busy)
/// {
///     // Or run with new LiveResponseRunOptions { CancelActiveAction = true } to cancel it and retry.
///     Console.Error.WriteLine($"{busy.MachineId} is busy with action {busy.ActiveMachineActionId}.");
/// }
/// </code>
/// </example>
public sealed class ActiveRequestAlreadyExistsException : LiveResponseException
{
    /// <summary>Creates the exception.</summary>
    public ActiveRequestAlreadyExistsException(string machineId, string? activeMachineActionId, Exception? innerException = null)
        : this(machineId, activeMachineActionId, innerException, ServiceErrorOf(innerException))
    {
    }

    private ActiveRequestAlreadyExistsException(string machineId, string? activeMachineActionId, Exception? innerException, MdeApiError? serviceError)
        : base(
            $"Device {machineId} already runs a live response action{(activeMachineActionId is null ? string.Empty : " (" + activeMachineActionId + ")")}: the service allows one at a time. Wait for it to finish, cancel it, or run with the option to cancel it and retry."
            + (serviceError is null ? string.Empty : " The service answered " + serviceError.Describe() + "."),
            machineId,
            null,
            null,
            innerException)
    {
        ActiveMachineActionId = activeMachineActionId;
        ServiceError = serviceError;
    }

    /// <summary>The action that is running on the device, when it could be found.</summary>
    public string? ActiveMachineActionId { get; }

    /// <summary>The service's error body (code, message, correlation id), when the refusal carried one.</summary>
    internal MdeApiError? ServiceError { get; }

    private static MdeApiError? ServiceErrorOf(Exception? innerException) =>
        innerException is Refit.ApiException api ? MdeApiError.TryRead(api) : null;
}

/// <summary>The machine action ended Failed: a command failed and the commands after it did not run.</summary>
public sealed class LiveResponseFailedException : LiveResponseException
{
    /// <summary>Creates the exception.</summary>
    public LiveResponseFailedException(LiveResponseResult result)
        : base(BuildMessage(result), result.MachineId, result.MachineActionId, result)
    {
        CommandErrors = result.Commands.SelectMany(c => c.Errors.Select(e => $"#{c.Index} {c.Command.Type}: {e}")).ToList();
    }

    /// <summary>Every error the service reported, prefixed with its command.</summary>
    public IReadOnlyList<string> CommandErrors { get; }

    private static string BuildMessage(LiveResponseResult result)
    {
        CommandResult? failed = result.Commands.FirstOrDefault(c => string.Equals(c.Status, "Failed", StringComparison.OrdinalIgnoreCase));
        string which = failed is null ? "a command failed" : $"command #{failed.Index} ({failed.Command}) failed" + (failed.Errors.Count == 0 ? string.Empty : ": " + string.Join("; ", failed.Errors.Select(e => e.TrimEnd('.'))));
        return $"Live response action {result.MachineActionId} on device {result.MachineId} failed: {which}. The commands after it did not run; results of the commands before it are in Result.";
    }
}

/// <summary>The machine action ended TimeOut: the device did not complete it in time (a RunScript command times out after 10 minutes).</summary>
public sealed class LiveResponseTimedOutException : LiveResponseException
{
    /// <summary>Creates the exception.</summary>
    public LiveResponseTimedOutException(LiveResponseResult result)
        : base($"Live response action {result.MachineActionId} on device {result.MachineId} timed out on the service. Check that the device is online and that its scripts finish within 10 minutes.", result.MachineId, result.MachineActionId, result)
    {
    }

    /// <summary>Creates the exception for a run that waited longer than its <see cref="LiveResponseRunOptions.MaxRunDuration"/>.</summary>
    public LiveResponseTimedOutException(LiveResponseResult result, TimeSpan waited)
        : base($"Live response action {result.MachineActionId} on device {result.MachineId} did not end within {waited}; it was cancelled on the service (it now reads {result.State}), and the results of the commands that completed before are in Result. Raise MaxRunDuration if the device is expected to come online later.", result.MachineId, result.MachineActionId, result)
    {
    }
}

/// <summary>The machine action ended Cancelled, by someone else (a run cancelled through its token throws <see cref="OperationCanceledException"/>).</summary>
/// <example>
/// <code>
/// catch (LiveResponseCancelledException cancelled)
/// {
///     Console.Error.WriteLine($"Cancelled by {cancelled.CancelledBy}: {cancelled.Comment}; {cancelled.Result?.Commands.Count(c => c.Transcript is not null)} transcript(s) collected before.");
/// }
/// </code>
/// </example>
public sealed class LiveResponseCancelledException : LiveResponseException
{
    /// <summary>Creates the exception.</summary>
    public LiveResponseCancelledException(LiveResponseResult result, string? cancelledBy, string? comment)
        : base(
            $"Live response action {result.MachineActionId} on device {result.MachineId} was cancelled{(cancelledBy is null ? string.Empty : " by " + cancelledBy)}{(comment is null ? string.Empty : ": " + comment.TrimEnd('.'))}."
            + CompletedNote(result),
            result.MachineId,
            result.MachineActionId,
            result)
    {
        CancelledBy = cancelledBy;
        Comment = comment;
    }

    /// <summary>Who cancelled the action, as the service reports it.</summary>
    public string? CancelledBy { get; }

    /// <summary>The comment given on cancel.</summary>
    public string? Comment { get; }

    // A cancel can come too late: the action reads Cancelled although commands completed (elastic/kibana pull request 236963).
    private static string CompletedNote(LiveResponseResult result)
    {
        int completed = result.Commands.Count(c => c.Completed);
        return completed == 0
            ? string.Empty
            : $" {completed} of {result.Commands.Count} command(s) completed before the cancel took effect; their results are in Result.";
    }
}
