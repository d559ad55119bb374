namespace Mde.Bindings.Transcripts;

/// <summary>
/// The result of a RunScript command, read whole: the script's name, exit code, standard output and standard
/// error, with the trailing NUL padding the service adds removed.
/// </summary>
public sealed class ScriptTranscript
{
    /// <summary>Creates a transcript.</summary>
    public ScriptTranscript(string scriptName, int exitCode, string output, string errors)
    {
        ScriptName = scriptName ?? throw new ArgumentNullException(nameof(scriptName));
        ExitCode = exitCode;
        Output = output ?? throw new ArgumentNullException(nameof(output));
        Errors = errors ?? throw new ArgumentNullException(nameof(errors));
    }

    /// <summary>The executed script's name (<c>script_name</c>, formerly <c>name</c>); empty when absent.</summary>
    public string ScriptName { get; }

    /// <summary>The script's exit code (<c>exit_code</c>).</summary>
    public int ExitCode { get; }

    /// <summary>The script's standard output (<c>script_output</c>).</summary>
    public string Output { get; }

    /// <summary>The script's standard error (<c>script_errors</c>, formerly <c>script_error</c>); empty when absent.</summary>
    public string Errors { get; }

    /// <summary>Describes the transcript without its content.</summary>
    public override string ToString() => $"ScriptTranscript({ScriptName}, exit code {ExitCode}, {Output.Length} output characters, {Errors.Length} error characters)";
}
