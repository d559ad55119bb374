using Mde.Bindings.Transcripts;

namespace Mde.Bindings.LiveResponse;

/// <summary>What one command of a run produced.</summary>
public sealed class CommandResult
{
    internal CommandResult(int index, LiveResponseCommandRequest command, string status, IReadOnlyList<string> errors, ScriptTranscript? transcript, string? filePath)
    {
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

    /// <summary>The command status the service reported (<c>Created</c>, <c>Completed</c>, <c>Failed</c>…).</summary>
    public string Status { get; }

    /// <summary>The errors the service reported for the command.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>For a RunScript command that completed: its transcript (exit code, output, errors).</summary>
    public ScriptTranscript? Transcript { get; }

    /// <summary>Where the command's result was saved, when the run saves results to a folder.</summary>
    public string? FilePath { get; }

    /// <summary>Whether the command completed.</summary>
    public bool Completed => string.Equals(Status, "Completed", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override string ToString() => $"#{Index} {Command.Type} {Status}" + (Transcript is null ? string.Empty : $" (exit code {Transcript.ExitCode})");
}
