using Microsoft.Extensions.Logging;

namespace Mde.Bindings.LiveResponse;

/// <summary>The workflow's log messages (event ids 400–499).</summary>
internal static partial class LiveResponseClientLog
{
    [LoggerMessage(400, LogLevel.Information, "Live response on device {MachineId}: action {MachineActionId} started with {CommandCount} command(s).")]
    public static partial void RunStarted(ILogger logger, string machineId, string machineActionId, int commandCount);

    [LoggerMessage(401, LogLevel.Debug, "Live response action {MachineActionId}: {State}.")]
    public static partial void StateSeen(ILogger logger, string machineActionId, MachineActionState state);

    [LoggerMessage(402, LogLevel.Information, "Live response action {MachineActionId} on device {MachineId} ended {State}.")]
    public static partial void RunEnded(ILogger logger, string machineActionId, string machineId, MachineActionState state);

    [LoggerMessage(403, LogLevel.Warning, "Device {MachineId} already runs live response action {ActiveMachineActionId}; cancelling it to start the new run.")]
    public static partial void CancellingActiveAction(ILogger logger, string machineId, string activeMachineActionId);

    [LoggerMessage(404, LogLevel.Warning, "The run was cancelled by its caller; cancelling machine action {MachineActionId} on the service.")]
    public static partial void CancellingOnService(ILogger logger, string machineActionId);

    [LoggerMessage(405, LogLevel.Warning, "Machine action {MachineActionId} could not be cancelled on the service ({Error}); it may still run.")]
    public static partial void CancelFailed(ILogger logger, string machineActionId, string error);

    [LoggerMessage(406, LogLevel.Debug, "Result #{Index} of action {MachineActionId} saved to {Path} ({Bytes} bytes).")]
    public static partial void ResultSaved(ILogger logger, int index, string machineActionId, string path, long bytes);

    [LoggerMessage(408, LogLevel.Warning, "The running live response actions of device {MachineId} could not be listed ({Error}).")]
    public static partial void LookupFailed(ILogger logger, string machineId, string error);

    [LoggerMessage(407, LogLevel.Warning, "The transcript of result #{Index} of action {MachineActionId} is larger than the in-memory limit; it is only saved to {Path}.")]
    public static partial void TranscriptTooLarge(ILogger logger, int index, string machineActionId, string path);

    [LoggerMessage(409, LogLevel.Information, "Live response action {MachineActionId} reads Succeeded while a command has not ended; reading it again ({Read}).")]
    public static partial void CommandsBehindAction(ILogger logger, string machineActionId, int read);

    [LoggerMessage(410, LogLevel.Warning, "Result #{Index} of action {MachineActionId} could not be collected ({Error}); it is reported as not collected.")]
    public static partial void ResultNotCollected(ILogger logger, int index, string machineActionId, string error);

    [LoggerMessage(411, LogLevel.Warning, "Listing {Count} live response action(s) in flight failed ({Error}); they are listed again next round.")]
    public static partial void BatchPollFailed(ILogger logger, int count, string error);

    [LoggerMessage(412, LogLevel.Information, "Device {MachineId}: found action {MachineActionId}, which an interrupted run requested, by its comment.")]
    public static partial void RequestedActionFound(ILogger logger, string machineId, string machineActionId);
}
