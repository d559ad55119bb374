namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>What a finished <c>dotnet</c> command gave: its exit code and its standard output and error, interleaved.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    /// <summary>The command, its exit code and its output, for assertion messages.</summary>
    public string Describe() => $"`{Command}` exited with {ExitCode} after {Elapsed.TotalSeconds:F1} s:{Environment.NewLine}{Output}";
}
