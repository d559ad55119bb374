using Mde.Bindings.Emulator.Hosting;

namespace Mde.Bindings.Emulator.Scripts;

/// <summary>
/// What running a library script produces. Texts may hold the placeholders <c>{script}</c> (the script's name),
/// <c>{args}</c> (the command's Args) and <c>{transcriptId}</c> (a value unique to the run).
/// </summary>
public sealed class ScriptBehavior
{
    /// <summary>The script's exit code, reported in the transcript.</summary>
    public int ExitCode { get; init; }

    /// <summary>What the script writes to standard output.</summary>
    public string Output { get; init; } = string.Empty;

    /// <summary>What the script writes to standard error.</summary>
    public string Errors { get; init; } = string.Empty;

    /// <summary>How the command ends.</summary>
    public ScriptOutcome Outcome { get; init; } = ScriptOutcome.Complete;

    /// <summary>The error the command reports when <see cref="Outcome"/> is <see cref="ScriptOutcome.Fail"/>.</summary>
    public string? FailureMessage { get; init; }

    /// <summary>How long the script runs; <see langword="null"/> for <see cref="EmulatorOptions.CommandDuration"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>What a script without directives or a rule produces: exit code 0 and one line naming the script and its arguments.</summary>
    public static ScriptBehavior Default { get; } = new() { Output = "{script} ran with arguments '{args}'.\n" };
}
