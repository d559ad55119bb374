namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>What one run of the installed tool gave.</summary>
public sealed record ToolRun(string Arguments, int ExitCode, string Out, string Error)
{
    /// <inheritdoc/>
    public override string ToString() => $"`mde-lr {Arguments}` exited with {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{Out}{Environment.NewLine}--- stderr ---{Environment.NewLine}{Error}";
}
