using System.Text.Json;
using Mde.Bindings.Cli.Tests.Crashes;
using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Testing;

namespace Mde.Bindings.Cli.Tests;

/// <summary>
/// <c>run … --job</c>, <c>resume --job</c>, <c>job status --job</c> and <c>--report</c> on a small fleet: what they print,
/// and the journal mistakes that are exit 2 before any action starts (the emulator then holds no action).
/// </summary>
public sealed class JobCommandTests : IDisposable
{
    private static readonly string[] Fleet = ["device-0001", "device-0002", "device-0003"];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Job_status_counts_the_devices_by_state_from_the_journal()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machines", await MachinesAsync("device-0001", "device-0002", "no-such-device"), "--script", EmulatorOptions.DemoScriptName, "--job", Journal, "--output", Output]);
        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());

        CliRun status = await CliHarness.RunAsync(emulator, ["job", "status", "--job", Journal]);

        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
        Assert.Matches(@"(?m)^\s+Succeeded\s+2$", status.Out);
        Assert.Matches(@"(?m)^\s+finished without action\s+1$", status.Out);
        Assert.Contains("no-such-device: finished without action: ", status.Out, StringComparison.Ordinal);
        Assert.Contains("3 device(s)", status.Out, StringComparison.Ordinal);
        Assert.Contains("every device of the job is finished", status.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_the_same_job_again_resumes_it_and_runs_nothing_twice()
    {
        await using EmulatorHost emulator = await StartAsync();
        string[] args = ["run", "--machines", await MachinesAsync(Fleet), "--script", EmulatorOptions.DemoScriptName, "--job", Journal, "--output", Output, "--json"];
        CliRun first = await CliHarness.RunAsync(emulator, args);
        CliRun again = await CliHarness.RunAsync(emulator, args);

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
        Assert.Equal(3, emulator.State.MachineActions.Count);
        Assert.Equal(first.Out, again.Out);
        Assert.Equal(Fleet, JsonDocument.Parse(again.Out).RootElement.EnumerateArray().Select(t => t.GetProperty("machine_id").GetString()));
        Assert.Contains("resuming job", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_journal_of_another_job_is_exit_2_before_any_action_and_left_unchanged()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun first = await CliHarness.RunAsync(emulator, ["run", "--machines", await MachinesAsync(Fleet), "--script", EmulatorOptions.DemoScriptName, "--job", Journal]);
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        byte[] before = await File.ReadAllBytesAsync(Journal);

        CliRun other = await CliHarness.RunAsync(emulator, ["run", "--machines", await MachinesAsync("device-0001"), "--script", EmulatorOptions.DemoScriptName, "--job", Journal]);

        Assert.True(other.ExitCode == ExitCodes.Usage, other.ToString());
        Assert.Contains($"The job journal '{Journal}' holds another job (its devices are {string.Join(", ", Fleet)}, not device-0001)", other.Error, StringComparison.Ordinal);
        Assert.Contains("mde-lr resume --job", other.Error, StringComparison.Ordinal);
        Assert.Equal(3, emulator.State.MachineActions.Count);
        Assert.Equal(before, await File.ReadAllBytesAsync(Journal));
    }

    [Fact]
    public async Task Resuming_against_another_service_than_the_job_started_on_is_exit_2_before_any_action()
    {
        await using EmulatorHost started = await StartAsync();
        using var crash = new CrashSwitch();
        CliRun stopped = await CliHarness.RunAsync(started, ["run", "--machines", await MachinesAsync(Fleet), "--script", EmulatorOptions.DemoScriptName, "--job", Journal], cancellationToken: crash.ProcessToken, wrapJobStore: store => new CrashingJobStore(store, crash, e => e is LiveResponseJobEvent.ActionRecorded));
        Assert.True(crash.Tripped, stopped.ToString());
        byte[] before = await File.ReadAllBytesAsync(Journal);
        await using EmulatorHost other = await StartAsync();

        CliRun resumed = await CliHarness.RunAsync(other, ["resume", "--job", Journal]);

        Assert.True(resumed.ExitCode == ExitCodes.Usage, resumed.ToString());
        Assert.Contains($"holds a job started against the emulator at {started.ApiBaseAddress}, where its actions are; this command would carry it on against the emulator at {other.ApiBaseAddress}", resumed.Error, StringComparison.Ordinal);
        Assert.Empty(other.State.MachineActions);
        Assert.Equal(before, await File.ReadAllBytesAsync(Journal));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("not a journal")]
    public async Task Resuming_what_is_no_journal_is_exit_2_naming_the_file(string kind)
    {
        await using EmulatorHost emulator = await StartAsync();
        if (kind == "not a journal")
        {
            await File.WriteAllTextAsync(Journal, "device-0001\n");
        }

        CliRun resumed = await CliHarness.RunAsync(emulator, ["resume", "--job", Journal]);

        Assert.True(resumed.ExitCode == ExitCodes.Usage, resumed.ToString());
        Assert.Contains($"The job journal '{Journal}' " + (kind == "missing" ? "does not exist" : "is not a job journal"), resumed.Error, StringComparison.Ordinal);
        Assert.Empty(emulator.State.MachineActions);
        Assert.Equal(kind == "missing" ? null : "device-0001\n", File.Exists(Journal) ? await File.ReadAllTextAsync(Journal) : null);
    }

    [Theory]
    [InlineData("--no-wait", "--no-wait starts the actions and returns")]
    [InlineData("--report=report.txt", "end the name in .csv or .json")]
    public async Task Options_a_job_cannot_take_are_exit_2_before_any_action(string option, string message)
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machines", await MachinesAsync(Fleet), "--script", EmulatorOptions.DemoScriptName, "--job", Journal, option]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(emulator.State.MachineActions);
        Assert.False(File.Exists(Journal));
    }

    [Fact]
    public async Task Resume_removes_what_a_killed_run_left_half_written_and_nothing_else()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machines", await MachinesAsync(Fleet), "--script", EmulatorOptions.DemoScriptName, "--job", Journal, "--output", Output]);
        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        string device = Path.Combine(Output, "device-0002");
        string halfWritten = Path.Combine(device, $".00-minidump.ps1.transcript.json.{Guid.NewGuid():N}.partial");
        string someoneElses = Path.Combine(device, ".notes.partial");
        await File.WriteAllTextAsync(halfWritten, "{\"script_na");
        await File.WriteAllTextAsync(someoneElses, "kept");

        CliRun resumed = await CliHarness.RunAsync(emulator, ["resume", "--job", Journal]);

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.ToString());
        Assert.False(File.Exists(halfWritten));
        Assert.True(File.Exists(someoneElses));
    }

    [Theory]
    [InlineData("report.csv")]
    [InlineData("report.json")]
    public async Task The_report_lists_every_device_with_its_action_state_exit_code_error_and_result_paths(string name)
    {
        await using EmulatorHost emulator = await StartAsync();
        string report = _folder.Combine(name);
        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machines", await MachinesAsync("device-0001", "no-such-device"), "--script", EmulatorOptions.DemoScriptName, "--job", Journal, "--output", Output, "--report", report]);
        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());

        EmulatedMachineAction action = Assert.Single(emulator.State.MachineActions);
        string transcript = Path.Combine(Output, "device-0001", "00-minidump.ps1.transcript.json");
        Assert.True(File.Exists(transcript));
        string text = await File.ReadAllTextAsync(report);
        if (name.EndsWith(".csv", StringComparison.Ordinal))
        {
            string[] lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("device,machine_action_id,state,exit_code,error,result_paths", lines[0]);
            Assert.Equal($"device-0001,{action.Id},Succeeded,0,,{transcript}", lines[1]);
            Assert.StartsWith("no-such-device,,NotStarted,,The API answered 404", lines[2], StringComparison.Ordinal);
            Assert.Equal(3, lines.Length);
        }
        else
        {
            JsonElement[] rows = [.. JsonDocument.Parse(text).RootElement.EnumerateArray()];
            Assert.Equal(2, rows.Length);
            Assert.Equal("device-0001", rows[0].GetProperty("device").GetString());
            Assert.Equal(action.Id, rows[0].GetProperty("machine_action_id").GetString());
            Assert.Equal("Succeeded", rows[0].GetProperty("state").GetString());
            Assert.Equal(0, rows[0].GetProperty("exit_code").GetInt32());
            Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("error").ValueKind);
            Assert.Equal([transcript], rows[0].GetProperty("result_paths").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("machine_action_id").ValueKind);
            Assert.Equal("NotStarted", rows[1].GetProperty("state").GetString());
            Assert.StartsWith("The API answered 404", rows[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(Directory.GetFiles(_folder.Path, "*.partial"));
    }

    private string Journal => _folder.Combine("job.db");

    private string Output => _folder.Combine("results");

    private async Task<string> MachinesAsync(params string[] devices)
    {
        string path = _folder.Combine($"devices-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(path, devices);
        return path;
    }

    private static Task<EmulatorHost> StartAsync() => CliHarness.StartEmulatorAsync(options =>
    {
        foreach (string device in Fleet)
        {
            options.Devices.Add(new EmulatedDevice(device, device + ".emulator.local"));
        }
    });
}
