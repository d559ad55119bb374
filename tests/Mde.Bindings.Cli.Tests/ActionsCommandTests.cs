using System.Text.Json;
using Mde.Bindings.Cli.Commands;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;

namespace Mde.Bindings.Cli.Tests;

/// <summary><c>mde-lr actions</c>: the machine actions, newest first, filtered on the service.</summary>
public sealed class ActionsCommandTests
{
    [Fact]
    public async Task Lists_newest_first_and_filters_by_machine_status_and_type()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.Devices.Add(new EmulatedDevice("d2", "two")));
        Assert.Equal(ExitCodes.Success, (await CliHarness.RunAsync(emulator, ["putfile", "--machine", EmulatorOptions.DemoDeviceId, "--file", EmulatorOptions.DemoScriptName])).ExitCode);
        Assert.Equal(ExitCodes.Success, (await CliHarness.RunAsync(emulator, ["putfile", "--machine", "d2", "--file", EmulatorOptions.DemoScriptName])).ExitCode);
        string[] ids = [.. emulator.State.MachineActions.OrderByDescending(a => a.CreationDateTimeUtc).Select(a => a.Id)];

        CliRun all = await CliHarness.RunAsync(emulator, ["actions"]);
        Assert.True(all.ExitCode == ExitCodes.Success, all.ToString());
        Assert.Equal(ids, Lines(all).Select(l => l.Split('\t')[1]));
        Assert.Contains("2 action(s).", all.Error, StringComparison.Ordinal);

        CliRun mine = await CliHarness.RunAsync(emulator, ["actions", "--machine", "d2", "--status", "succeeded", "--type", "liveresponse"]);
        Assert.True(mine.ExitCode == ExitCodes.Success, mine.ToString());
        string line = Assert.Single(Lines(mine));
        Assert.Equal([ids[0], "LiveResponse", "Succeeded", "d2", "two"], line.Split('\t')[1..6]);

        Assert.Empty(Lines(await CliHarness.RunAsync(emulator, ["actions", "--status", "Pending"])));
        Assert.Equal([ids[0]], Lines(await CliHarness.RunAsync(emulator, ["actions", "--top", "1"])).Select(l => l.Split('\t')[1]));
    }

    [Fact]
    public async Task Json_prints_the_actions_as_the_api_returns_them()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        Assert.Equal(ExitCodes.Success, (await CliHarness.RunAsync(emulator, ["putfile", "--machine", EmulatorOptions.DemoDeviceId, "--file", EmulatorOptions.DemoScriptName])).ExitCode);

        CliRun run = await CliHarness.RunAsync(emulator, ["actions", "--json", "--machine", EmulatorOptions.DemoDeviceId]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        JsonElement action = Assert.Single(JsonDocument.Parse(run.Out).RootElement.EnumerateArray());
        Assert.Equal(emulator.State.MachineActions.Single().Id, action.GetProperty("id").GetString());
        Assert.Equal("PutFile", action.GetProperty("commands")[0].GetProperty("command").GetProperty("type").GetString());

        // Every member the service sent, nulls included (the emulator writes the 21 keys real answers carry).
        Assert.Equal(JsonValueKind.Null, action.GetProperty("cancellationRequestor").ValueKind);
        Assert.True(action.EnumerateObject().Count() >= 20, action.ToString());
    }

    [Theory]
    [InlineData(new[] { "actions", "--status", "Done" }, "--status 'Done' is not one of Pending, InProgress")]
    [InlineData(new[] { "actions", "--type", "Reboot" }, "--type 'Reboot' is not one of")]
    [InlineData(new[] { "actions", "--top", "0" }, "--top must be from 1 to 10000")]
    [InlineData(new[] { "actions", "--top", "10001" }, "--top must be from 1 to 10000")]
    [InlineData(new[] { "actions", "--top", "abc" }, "Cannot parse argument 'abc' for option '--top'")]
    [InlineData(new[] { "actions", "--machine", "" }, "--machine is blank")]
    public async Task Wrong_options_are_exit_2(string[] args, string message)
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, args);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
    }

    // demisto/content MicrosoftDefenderAdvancedThreatProtection.py (reformat_filter) joins the clauses with ' and ';
    // a quote in a value is doubled, as OData writes it.
    [Fact]
    public void Filter_joins_clauses_with_and_and_doubles_quotes()
    {
        Assert.Null(ActionsCommand.Filter(null, null, null));
        Assert.Equal("machineId eq 'o''brien' and status eq 'Failed' and type eq 'Isolate'", ActionsCommand.Filter("o'brien", "Failed", "Isolate"));
        Assert.Equal("type eq 'LiveResponse'", ActionsCommand.Filter(null, null, "LiveResponse"));
    }

    private static string[] Lines(CliRun run) => run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
