namespace Mde.Bindings.Transcripts;

/// <summary>
/// What a transcript held besides its output, when the output was streamed elsewhere: the script's name, exit
/// code and errors, and how much output was written.
/// </summary>
public sealed class TranscriptSummary
{
    /// <summary>Creates a summary.</summary>
    public TranscriptSummary(string scriptName, int exitCode, string errors, long outputBytes)
    {
        ScriptName = scriptName ?? throw new ArgumentNullException(nameof(scriptName));
        ExitCode = exitCode;
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
        OutputBytes = outputBytes;
    }

    /// <summary>The executed script's name; empty when absent.</summary>
    public string ScriptName { get; }

    /// <summary>The script's exit code.</summary>
    public int ExitCode { get; }

    /// <summary>The script's standard error; empty when absent.</summary>
    public string Errors { get; }

    /// <summary>The length of the output that was written, in UTF-8 bytes (after the NUL padding was removed).</summary>
    public long OutputBytes { get; }

    /// <summary>Describes the summary.</summary>
    public override string ToString() => $"TranscriptSummary({ScriptName}, exit code {ExitCode}, {OutputBytes} output bytes, {Errors.Length} error characters)";
}
