namespace Mde.Bindings.Cli;

/// <summary>What <c>mde-lr</c> returns to its caller.</summary>
internal static class ExitCodes
{
    /// <summary>Every command of every device succeeded (and every script exited 0).</summary>
    public const int Success = 0;

    /// <summary>A script failed: a command failed, a script exited non-zero, or an action timed out or was cancelled.</summary>
    public const int ScriptFailed = 1;

    /// <summary>A command failed for a reason outside the API (a file could not be read or written).</summary>
    public const int CommandFailed = 1;

    /// <summary>The tool failed in a way nobody expected (a bug): it says "internal error", the exception type and where to report it.</summary>
    public const int InternalError = 1;

    /// <summary>The command line is wrong (found by the parser or the checks made before any call): nothing was started.</summary>
    public const int Usage = 2;

    /// <summary>The API or authentication refused or failed (credentials, permissions, unknown device, network), or a result could not be collected.</summary>
    public const int ApiError = 3;

    /// <summary>Interrupted (Ctrl-C); the running machine actions were cancelled on the service.</summary>
    public const int Interrupted = 130;
}
