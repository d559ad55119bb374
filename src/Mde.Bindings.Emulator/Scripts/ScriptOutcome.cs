namespace Mde.Bindings.Emulator.Scripts;

/// <summary>How an emulated RunScript command ends.</summary>
public enum ScriptOutcome
{
    /// <summary>The command completes and leaves a transcript (whatever the script's exit code).</summary>
    Complete,

    /// <summary>The command fails: the action fails and the later commands do not run.</summary>
    Fail,

    /// <summary>The script never returns: the command fails after the script timeout and the action ends in TimeOut.</summary>
    Hang,
}
