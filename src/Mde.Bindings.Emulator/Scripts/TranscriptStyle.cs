namespace Mde.Bindings.Emulator.Scripts;

/// <summary>How the emulator writes the transcript of a RunScript command.</summary>
public enum TranscriptStyle
{
    /// <summary>The current docs: <c>script_name</c>, <c>exit_code</c>, <c>script_output</c>, <c>script_errors</c>.</summary>
    Documented,

    /// <summary>
    /// The oldest page's spelling: <c>name</c> and <c>script_error</c> instead of <c>script_name</c> and
    /// <c>script_errors</c>, with <c>script_output</c> padded by NUL characters as in its example.
    /// </summary>
    Seed,
}
