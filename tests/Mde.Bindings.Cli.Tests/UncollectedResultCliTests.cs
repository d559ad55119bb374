using System.Text.Json;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;

namespace Mde.Bindings.Cli.Tests;

/// <summary>
/// <c>mde-lr run</c> when a result cannot be collected: it says so, with the reason and the command that fetches it
/// later, in the text, on stderr and in <c>--json</c>, and exits 3.
/// </summary>
public sealed class UncollectedResultCliTests
{
    private const string LaggingDevice = "lagging-device";

    // The emulator's device keeps its last command Executing after the action reads Succeeded (the connector swagger's
    // non-final command statuses, FriedrichWeinmann/DefenderAPI api-endpoints/mde.swagger.json, beside a final action).
    private static Task<EmulatorHost> StartAsync() => CliHarness.StartEmulatorAsync(o =>
        o.Devices.Add(new EmulatedDevice(LaggingDevice, "lagging.contoso.test") { CommandStatusDelay = TimeSpan.FromHours(1) }));

    private static readonly string[] Run = ["run", "--machine", LaggingDevice, "--script", EmulatorOptions.DemoScriptName, "--get-file", @"C:\temp\a.zip"];

    [Fact]
    public async Task The_text_names_the_uncollected_result_its_reason_and_how_to_fetch_it_and_exits_3()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, Run);

        string actionId = emulator.State.MachineActions.Single().Id;
        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());
        Assert.Contains("exit code 0", run.Out, StringComparison.Ordinal);
        Assert.Contains("result not collected: The action reported Succeeded but command #1 still read 'Executing'", run.Out, StringComparison.Ordinal);
        Assert.Contains($"fetch it later with: mde-lr result {actionId} --index 1 --output <folder>", run.Out, StringComparison.Ordinal);
        Assert.Contains($"{LaggingDevice}: the result of command #1 was not collected", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_adds_an_entry_for_the_uncollected_result_after_the_transcripts()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, [.. Run, "--json"]);

        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());
        JsonElement[] entries = [.. JsonDocument.Parse(run.Out).RootElement.EnumerateArray()];
        Assert.Equal(2, entries.Length);
        Assert.Equal(0, entries[0].GetProperty("exit_code").GetInt32());
        Assert.False(entries[0].TryGetProperty("result_status", out _));
        JsonElement missing = entries[1];
        Assert.Equal("not_collected", missing.GetProperty("result_status").GetString());
        Assert.Contains("still read 'Executing'", missing.GetProperty("result_error").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("GetFile", missing.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("exit_code").ValueKind);
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("script_name").ValueKind);
    }
}
