namespace Mde.Bindings.Cli;

/// <summary>What <c>mde-lr</c> returns to its caller.</summary>
internal static class ExitCodes
{
    /// <summary>Every command of every device succeeded (and every script exited 0).</summary>
    public const int Success = 0;

    /// <summary>A script failed: a command failed, a script exited non-zero, or an action timed out or was cancelled.</summary>
    public const int ScriptFailed = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The API or authentication refused or failed (credentials, permissions, unknown device, network), or a result could not be collected.</summary>
    public const int ApiError = 3;

    /// <summary>Interrupted (Ctrl-C); the running machine actions were cancelled on the service.</summary>
    public const int Interrupted = 130;
}
