using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mde.Bindings.PackageTests.Infrastructure;

namespace Mde.Bindings.PackageTests;

/// <summary>
/// <c>mde-lr</c> published with native AOT, as docs/native-aot.md tells a user to: the publish gives no trim or AOT
/// warning (each would be a place where the native binary may behave differently from the JIT build), and the binary
/// runs the main job against its embedded emulator. The publish builds into a temporary folder, never the repository's
/// bin/ and obj/, and takes minutes: it runs in the package tests' collection, after the packs and consumer builds
/// whose timeouts a parallel native compile would eat into.
/// </summary>
[Collection(PackageTestsCollection.Name)]
public sealed partial class NativeAotPublishTests : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(30);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "mde-bindings-native-aot-test-" + Guid.NewGuid().ToString("N")[..12]);

    [NativeAotFact]
    public async Task Mde_lr_publishes_natively_without_trim_or_aot_warnings_and_runs_the_main_job()
    {
        string output = Path.Combine(_root, "publish");
        ProcessResult publish = await DotnetCli.RunAsync(
            RepositoryRoot.Path,
            [
                "publish", "src/Mde.Bindings.Cli/Mde.Bindings.Cli.csproj", "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
                "-p:PublishAot=true", "-o", output, $"-p:ArtifactsPath={Path.Combine(_root, "artifacts")}", "-tl:off", "-v:m", "-nodeReuse:false",
            ],
            PublishTimeout);

        Assert.True(publish.ExitCode == 0, publish.Describe());
        string[] trimWarnings = publish.Output.Split('\n').Where(line => TrimOrAotWarning().IsMatch(line)).Select(line => line.Trim()).Distinct().ToArray();
        Assert.True(trimWarnings.Length == 0, "The native AOT publish warned:\n" + string.Join('\n', trimWarnings));

        // A native binary: no managed entry assembly beside it.
        string tool = Path.Combine(output, "mde-lr");
        Assert.True(File.Exists(tool), publish.Describe());
        Assert.False(File.Exists(Path.Combine(output, "mde-lr.dll")), "The publish wrote mde-lr.dll: it is not a native AOT binary.");

        (int exitCode, string stdout, string stderr) = await RunAsync(tool, "run", "--machine", "demo-device", "--script", "minidump.ps1", "--json");
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{stderr}");
        using JsonDocument transcripts = JsonDocument.Parse(stdout);
        JsonElement transcript = Assert.Single(transcripts.RootElement.EnumerateArray());
        Assert.Equal("minidump.ps1", transcript.GetProperty("script_name").GetString());
        Assert.Equal(0, transcript.GetProperty("exit_code").GetInt32());
        Assert.Contains("Transcript started", transcript.GetProperty("script_output").GetString(), StringComparison.Ordinal);
        Assert.Contains("embedded emulator", stderr, StringComparison.Ordinal);
        Assert.Contains("demo-device: Succeeded", stderr, StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The embedded emulator, whatever this machine's environment says.
        foreach (string variable in new[] { "MDE_TENANT_ID", "MDE_CLIENT_ID", "MDE_CLIENT_SECRET", "MDE_CLIENT_CERTIFICATE", "MDE_CLOUD", "MDE_EMULATOR_URL" })
        {
            start.Environment.Remove(variable);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    // Trim analysis (IL2xxx) and AOT analysis (IL3xxx) warnings, as the ILLink/ILC messages print them
    // ("ILC : Trim analysis warning IL2104: …", "File.cs(10): AOT analysis warning IL3050: …").
    [GeneratedRegex(@"warning IL[23]\d{3}")]
    private static partial Regex TrimOrAotWarning();
}
