using Mde.Bindings.Transcripts;

namespace Mde.Bindings.LiveResponse;

/// <summary>What one command of a run produced.</summary>
public sealed class CommandResult
{
    internal CommandResult(int index, LiveResponseCommandRequest command, string status, IReadOnlyList<string> errors, ScriptTranscript? transcript, string? filePath, CommandResultStatus resultStatus = CommandResultStatus.None, string? resultError = null)
    {
        ResultStatus = transcript is not null || filePath is not null ? CommandResultStatus.Collected : resultStatus;
        ResultError = ResultStatus == CommandResultStatus.NotCollected ? resultError : null;
        Index = index;
        Command = command;
        Status = status;
        Errors = errors;
        Transcript = transcript;
        FilePath = filePath;
    }

    /// <summary>The command's position in the run (the index its result is downloaded by).</summary>
    public int Index { get; }

    /// <summary>The command as it was requested.</summary>
    public LiveResponseCommandRequest Command { get; }

    /// <summary>
    /// The command status the service reported: <c>Created</c>, <c>Submitted</c>, <c>PendingResource</c>,
    /// <c>Executing</c>, then <c>Completed</c> or <c>Failed</c> (other values are kept as sent).
    /// </summary>
    public string Status { get; }

    /// <summary>The errors the service reported for the command.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>For a RunScript command that completed: its transcript (exit code, output, errors).</summary>
    public ScriptTranscript? Transcript { get; }

    /// <summary>Where the command's result was saved, when the run saves results to a folder.</summary>
    public string? FilePath { get; }

    /// <summary>Whether the command's result was collected, has none, or could not be collected (see <see cref="ResultError"/>).</summary>
    internal CommandResultStatus ResultStatus { get; }

    /// <summary>
    /// Why the result could not be collected although the command completed; <see langword="null"/> when it was collected
    /// (<see cref="Transcript"/> or <see cref="FilePath"/>) or there is none. Result links can be asked for again later.
    /// </summary>
    public string? ResultError { get; }

    /// <summary>Whether the command completed.</summary>
    public bool Completed => string.Equals(Status, "Completed", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the command's status is final (<c>Completed</c> or <c>Failed</c>).</summary>
    public bool Ended => Completed || string.Equals(Status, "Failed", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override string ToString() => $"#{Index} {Command.Type} {Status}"
        + (Transcript is null ? string.Empty : $" (exit code {Transcript.ExitCode})")
        + (ResultStatus == CommandResultStatus.NotCollected ? " (result not collected)" : string.Empty);
}
