using System.Diagnostics;
using System.Text.Json;
using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Scripts;

namespace Mde.Bindings.Cli.Tests;

/// <summary><c>mde-lr</c> as its own process, the way users run it: output streams, exit codes, and Ctrl-C (SIGINT).</summary>
public sealed class SeparateProcessTests
{
    private static readonly string ToolPath = Path.Combine(AppContext.BaseDirectory, "mde-lr.dll");

    [Fact]
    public async Task The_process_runs_the_job_and_prints_json_on_stdout_only()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        using Process tool = Start(emulator, "run", "--machine", EmulatorOptions.DemoDeviceId, "--script", EmulatorOptions.DemoScriptName, "--json");
        Task<string> stdout = tool.StandardOutput.ReadToEndAsync();
        Task<string> stderr = tool.StandardError.ReadToEndAsync();
        await tool.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(tool.ExitCode == ExitCodes.Success, await stderr);
        JsonElement transcript = Assert.Single(JsonDocument.Parse(await stdout).RootElement.EnumerateArray());
        Assert.Equal("minidump.ps1", transcript.GetProperty("script_name").GetString());
        Assert.Contains("demo-device: Succeeded", await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_cancels_the_machine_action_on_the_service_and_exits_130()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.ScriptBehaviors["minidump.ps1"] = new ScriptBehavior { Outcome = ScriptOutcome.Hang });
        using Process tool = Start(emulator, "run", "--machine", EmulatorOptions.DemoDeviceId, "--script", EmulatorOptions.DemoScriptName);
        Task<string> stderr = tool.StandardError.ReadToEndAsync();
        _ = tool.StandardOutput.ReadToEndAsync();

        EmulatedMachineAction running = await RunCommandTests.WaitForAsync(() => emulator.State.MachineActions.FirstOrDefault(a => a.Status == "InProgress"));
        using (Process interrupt = Process.Start("kill", ["-INT", tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        await tool.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(tool.ExitCode == ExitCodes.Interrupted, $"exit code {tool.ExitCode}\n{await stderr}");
        Assert.Equal("Cancelled", emulator.State.MachineActions.Single(a => a.Id == running.Id).Status);
    }

    internal static Process Start(EmulatorHost emulator, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[CliEnvironment.EmulatorUrlVariable] = emulator.ApiBaseAddress.ToString();
        foreach (string credential in new[] { "MDE_TENANT_ID", "MDE_CLIENT_ID", "MDE_CLIENT_SECRET", "MDE_CLIENT_CERTIFICATE", "MDE_CLOUD" })
        {
            start.Environment.Remove(credential);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
    }
}
