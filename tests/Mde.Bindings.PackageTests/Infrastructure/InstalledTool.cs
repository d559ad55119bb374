using System.Diagnostics;

namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>
/// The <c>mde-lr</c> .NET tool installed from the fixture's feed into a tool path of its own (under the fixture's
/// temporary folder), and run by its command the way a user runs it, with stdout and stderr kept apart.
/// </summary>
public sealed class InstalledTool
{
    /// <summary>The tool package's id and its command.</summary>
    public const string PackageId = "mde-lr";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private InstalledTool(string toolPath) => ToolPath = toolPath;

    /// <summary>The folder the tool was installed to (<c>--tool-path</c>).</summary>
    public string ToolPath { get; }

    /// <summary>The command's path, as the install puts it into the tool path.</summary>
    public string CommandPath => Path.Combine(ToolPath, OperatingSystem.IsWindows() ? PackageId + ".exe" : PackageId);

    /// <summary>Installs the packed tool with <c>dotnet tool install --tool-path … --add-source … mde-lr --version …</c>.</summary>
    public static async Task<(InstalledTool Tool, ProcessResult Install)> InstallAsync(PackageFeedFixture feed)
    {
        string toolPath = Path.Combine(feed.Root, "tools-" + Guid.NewGuid().ToString("N")[..8]);
        ProcessResult install = await DotnetCli.RunAsync(
            feed.Root,
            ["tool", "install", "--tool-path", toolPath, "--add-source", feed.FeedDirectory, PackageId, "--version", feed.Version],
            InstallTimeout);
        return (new InstalledTool(toolPath), install);
    }

    /// <summary>
    /// Runs the command with <paramref name="arguments"/>, with no Defender for Endpoint credential and no emulator
    /// address in its environment: it talks to the emulator it starts in its own process.
    /// </summary>
    public async Task<ToolRun> RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(CommandPath)
        {
            WorkingDirectory = ToolPath,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (string name in startInfo.Environment.Keys.Where(name => name.StartsWith("MDE_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        // The command's launcher looks for the runtime where an installer puts it, or in DOTNET_ROOT: point it at the
        // runtime running this test, wherever that is installed.
        if (!startInfo.Environment.TryGetValue("DOTNET_ROOT", out string? root) || string.IsNullOrEmpty(root))
        {
            startInfo.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        }

        using var process = new Process { StartInfo = startInfo };
        process.Start();
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new ToolRun(string.Join(' ', arguments), -1, await output, await error + $"[killed: still running after {RunTimeout.TotalSeconds:F0} s]");
        }

        return new ToolRun(string.Join(' ', arguments), process.ExitCode, await output, await error);
    }
}
