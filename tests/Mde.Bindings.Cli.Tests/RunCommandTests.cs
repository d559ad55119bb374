using System.Net.Http.Json;
using System.Text.Json;
using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Faults;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.Emulator.Library;
using Mde.Bindings.Emulator.Scripts;
using Mde.Bindings.Emulator.Time;

namespace Mde.Bindings.Cli.Tests;

/// <summary><c>mde-lr run</c> end to end against the emulator, in this process: every outcome and its exit code.</summary>
public sealed class RunCommandTests
{
    /// <summary>The API's member names are case-sensitive: serialize anonymous bodies exactly as written.</summary>
    private static readonly JsonSerializerOptions WireCasing = new();

    private static readonly string[] Demo = ["run", "--machine", EmulatorOptions.DemoDeviceId, "--script", EmulatorOptions.DemoScriptName, "--args", "OfficeClickToRun"];

    [Fact]
    public async Task Success_prints_the_transcript_readably_and_exits_0()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, Demo);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Succeeded", run.Out, StringComparison.Ordinal);
        Assert.Contains("exit code 0", run.Out, StringComparison.Ordinal);
        Assert.Contains("OfficeClickToRun.dmp.zip", run.Out, StringComparison.Ordinal);
        Assert.Contains("using the emulator at " + emulator.ApiBaseAddress, run.Error, StringComparison.Ordinal);
        Assert.Contains("demo-device: Succeeded", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_prints_only_the_array_of_transcripts_each_naming_its_device_and_action()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, [.. Demo, "--json"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        JsonElement transcript = Assert.Single(JsonDocument.Parse(run.Out).RootElement.EnumerateArray());
        Assert.Equal(["machine_id", "machine_action_id", "script_name", "exit_code", "script_output", "script_errors"], transcript.EnumerateObject().Select(p => p.Name));
        Assert.Equal(EmulatorOptions.DemoDeviceId, transcript.GetProperty("machine_id").GetString());
        Assert.Equal(emulator.State.MachineActions.Single().Id, transcript.GetProperty("machine_action_id").GetString());
        Assert.Equal("minidump.ps1", transcript.GetProperty("script_name").GetString());
        Assert.Equal(0, transcript.GetProperty("exit_code").GetInt32());
        Assert.DoesNotContain('\0', transcript.GetProperty("script_output").GetString()!);
    }

    [Fact]
    public async Task A_one_line_machines_file_still_names_the_device_in_json()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        string list = Path.GetTempFileName();
        await File.WriteAllLinesAsync(list, [EmulatorOptions.DemoDeviceId]);
        try
        {
            CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machines", list, "--script", EmulatorOptions.DemoScriptName, "--json"]);

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            JsonElement transcript = Assert.Single(JsonDocument.Parse(run.Out).RootElement.EnumerateArray());
            Assert.Equal(EmulatorOptions.DemoDeviceId, transcript.GetProperty("machine_id").GetString());
            Assert.Equal(emulator.State.MachineActions.Single().Id, transcript.GetProperty("machine_action_id").GetString());
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public async Task The_action_id_is_on_stderr_while_the_action_still_runs()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.ScriptBehaviors["minidump.ps1"] = new ScriptBehavior { Outcome = ScriptOutcome.Hang });
        using var interrupt = new CancellationTokenSource();
        var error = new StringWriter();
        Task<CliRun> run = CliHarness.RunAsync(emulator, Demo, cancellationToken: interrupt.Token, error: error);

        EmulatedMachineAction running = await WaitForAsync(() => emulator.State.MachineActions.FirstOrDefault(a => a.Status == "InProgress"));
        string announced = await WaitForAsync(() => error.ToString().Contains("demo-device: InProgress", StringComparison.Ordinal) ? error.ToString() : null);
        await interrupt.CancelAsync();
        await run;

        Assert.Contains($"mde-lr: demo-device: machine action {running.Id} (stop it with: mde-lr cancel {running.Id})", announced, StringComparison.Ordinal);
        Assert.True(
            announced.IndexOf(running.Id, StringComparison.Ordinal) < announced.IndexOf("demo-device: InProgress", StringComparison.Ordinal),
            "the id comes before the first progress line that follows the start:\n" + announced);
    }

    [Fact]
    public async Task No_wait_prints_the_action_id_so_that_cancel_can_stop_it()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.ScriptBehaviors["minidump.ps1"] = new ScriptBehavior { Outcome = ScriptOutcome.Hang });

        CliRun started = await CliHarness.RunAsync(emulator, [.. Demo, "--no-wait"]);
        Assert.True(started.ExitCode == ExitCodes.Success, started.ToString());
        string id = started.Out.Trim();
        EmulatedMachineAction action = Assert.Single(emulator.State.MachineActions);
        Assert.Equal(action.Id, id);
        Assert.Contains(action.Status, new[] { "Pending", "InProgress" });

        CliRun cancelled = await CliHarness.RunAsync(emulator, ["cancel", id]);
        Assert.True(cancelled.ExitCode == ExitCodes.Success, cancelled.ToString());
        Assert.Equal($"{id}: Cancelled", cancelled.Out.Trim());

        CliRun status = await CliHarness.RunAsync(emulator, ["status", id, "--json"]);
        Assert.True(status.ExitCode == ExitCodes.Success, status.ToString());
        Assert.Equal("Cancelled", JsonDocument.Parse(status.Out).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task No_wait_with_json_prints_the_device_and_action_and_result_then_reads_the_transcript()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();

        CliRun started = await CliHarness.RunAsync(emulator, [.. Demo, "--no-wait", "--json"]);
        Assert.True(started.ExitCode == ExitCodes.Success, started.ToString());
        JsonElement entry = Assert.Single(JsonDocument.Parse(started.Out).RootElement.EnumerateArray());
        Assert.Equal(["machine_id", "machine_action_id"], entry.EnumerateObject().Select(p => p.Name));
        string id = entry.GetProperty("machine_action_id").GetString()!;
        Assert.Equal(emulator.State.MachineActions.Single().Id, id);

        await WaitForAsync(() => emulator.State.MachineActions.FirstOrDefault(a => a.Status == "Succeeded"));
        CliRun result = await CliHarness.RunAsync(emulator, ["result", id, "--index", "0", "--json"]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        JsonElement transcript = Assert.Single(JsonDocument.Parse(result.Out).RootElement.EnumerateArray());
        Assert.Equal(EmulatorOptions.DemoDeviceId, transcript.GetProperty("machine_id").GetString());
        Assert.Equal(id, transcript.GetProperty("machine_action_id").GetString());
    }

    [Fact]
    public async Task No_wait_with_output_is_a_usage_error()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, [.. Demo, "--no-wait", "--output", "results"]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("--no-wait", run.Error, StringComparison.Ordinal);
        Assert.Empty(emulator.State.MachineActions);
    }

    [Fact]
    public async Task Output_writes_every_result_file()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mde-lr-out-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
            CliRun run = await CliHarness.RunAsync(emulator, [.. Demo, "--get-file", @"C:\windows\TEMP\OfficeClickToRun.dmp.zip", "--output", folder]);

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.Equal(["00-minidump.ps1.transcript.json", "01-OfficeClickToRun.dmp.zip"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
            Assert.DoesNotContain(Directory.GetFiles(folder), f => f.EndsWith(".tmp", StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task A_failing_script_exits_1_with_the_command_error()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.ScriptBehaviors["minidump.ps1"] = new ScriptBehavior { Outcome = ScriptOutcome.Fail, FailureMessage = "Access is denied" });
        CliRun run = await CliHarness.RunAsync(emulator, Demo);

        Assert.True(run.ExitCode == ExitCodes.ScriptFailed, run.ToString());
        Assert.Contains("Access is denied", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_script_that_exits_non_zero_exits_1_and_still_prints_its_transcript()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.ScriptBehaviors["minidump.ps1"] = new ScriptBehavior { ExitCode = 3, Errors = "dump failed\n" });
        CliRun run = await CliHarness.RunAsync(emulator, Demo);

        Assert.True(run.ExitCode == ExitCodes.ScriptFailed, run.ToString());
        Assert.Contains("exit code 3", run.Out, StringComparison.Ordinal);
        Assert.Contains("dump failed", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timed_out_action_exits_1()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o =>
        {
            o.ScriptBehaviors["minidump.ps1"] = new ScriptBehavior { Outcome = ScriptOutcome.Hang };
            o.ScriptTimeout = TimeSpan.FromMilliseconds(500);
        });
        CliRun run = await CliHarness.RunAsync(emulator, Demo);

        Assert.True(run.ExitCode == ExitCodes.ScriptFailed, run.ToString());
        Assert.Contains("timed out", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_the_run_cancels_the_machine_action_on_the_service()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.ScriptBehaviors["minidump.ps1"] = new ScriptBehavior { Outcome = ScriptOutcome.Hang });
        using var interrupt = new CancellationTokenSource();
        Task<CliRun> run = CliHarness.RunAsync(emulator, Demo, cancellationToken: interrupt.Token);

        EmulatedMachineAction running = await WaitForAsync(() => emulator.State.MachineActions.FirstOrDefault(a => a.Status == "InProgress"));
        await interrupt.CancelAsync();
        CliRun result = await run;

        Assert.True(result.ExitCode == ExitCodes.Interrupted, result.ToString());
        Assert.Equal("Cancelled", emulator.State.MachineActions.Single(a => a.Id == running.Id).Status);
        Assert.Contains("interrupted", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_device_exits_3_and_cancel_active_runs_anyway()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.ScriptBehaviors["slow.ps1"] = new ScriptBehavior { Outcome = ScriptOutcome.Hang });
        emulator.State.AddLibraryFile(new EmulatedLibraryFile("slow.ps1", "Start-Sleep 3600"u8.ToArray()));
        using HttpClient api = emulator.CreateApiClient();
        using HttpResponseMessage started = await api.PostAsJsonAsync(
            $"api/machines/{EmulatorOptions.DemoDeviceId}/runliveresponse",
            new { Commands = new[] { new { type = "RunScript", @params = new[] { new { key = "ScriptName", value = "slow.ps1" } } } }, Comment = "someone else" }, WireCasing);
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());

        CliRun refused = await CliHarness.RunAsync(emulator, Demo);
        Assert.True(refused.ExitCode == ExitCodes.ApiError, refused.ToString());
        Assert.Contains("--cancel-active", refused.Error, StringComparison.Ordinal);

        CliRun forced = await CliHarness.RunAsync(emulator, [.. Demo, "--cancel-active"]);
        Assert.True(forced.ExitCode == ExitCodes.Success, forced.ToString());
        Assert.Contains(emulator.State.MachineActions, a => a.Status == "Cancelled");
    }

    [Fact]
    public async Task An_expired_result_link_is_requested_again()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        emulator.Faults.Add(new FaultRule { Route = "GetLiveResponseResultDownloadLink", Kind = FaultKind.ExpiredLink, Count = 1 });
        emulator.Faults.Add(new FaultRule { Route = EmulatorRoutes.Storage, Kind = FaultKind.ExpiredLink, Count = 1 });

        CliRun run = await CliHarness.RunAsync(emulator, [.. Demo, "--json"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Single(JsonDocument.Parse(run.Out).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Transient_server_errors_are_retried()
    {
        var answers = new EmulatorAnswers();
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.ConfigureLogging = answers.AddTo);
        emulator.Faults.Add(new FaultRule { Route = "GetMachineAction", Kind = FaultKind.ServerError, StatusCode = 503, Count = 2 });
        CliRun run = await CliHarness.RunAsync(emulator, Demo);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Empty(emulator.Faults.Rules); // both faults were drawn: a rule with a count goes when it is used up
        IReadOnlyList<string> answered = answers.Snapshot();
        Assert.True(answered.Count(a => a.StartsWith("503 /api/machineactions/", StringComparison.Ordinal)) == 2, "the CLI should have met both 503s; the emulator answered:\n" + string.Join('\n', answered));
    }

    [Fact]
    public async Task A_429_storm_from_a_neighbour_spending_the_same_apps_quota_is_ridden_out()
    {
        // Ten times faster: the minute window passes in six seconds.
        var time = new ScaledTimeProvider(10);
        var answers = new EmulatorAnswers();
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o =>
        {
            o.ConfigureLogging = answers.AddTo;
            o.Devices.Add(new EmulatedDevice("neighbour-device", "neighbour.local"));
            o.ScriptBehaviors["slow.ps1"] = new ScriptBehavior { Outcome = ScriptOutcome.Hang };
        }, time);
        emulator.State.AddLibraryFile(new EmulatedLibraryFile("slow.ps1", "Start-Sleep 3600"u8.ToArray()));

        // The neighbour (another process of the same app, with limits of its own) spends the minute's GetMachineAction quota.
        using HttpClient neighbour = emulator.CreateApiClient();
        using HttpResponseMessage started = await neighbour.PostAsJsonAsync(
            "api/machines/neighbour-device/runliveresponse",
            new { Commands = new[] { new { type = "RunScript", @params = new[] { new { key = "ScriptName", value = "slow.ps1" } } } }, Comment = "neighbour" }, WireCasing);
        string actionId = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        int throttled = 0;
        for (int i = 0; i < 150 && throttled == 0; i++)
        {
            using HttpResponseMessage poll = await neighbour.GetAsync($"api/machineactions/{actionId}");
            throttled += (int)poll.StatusCode == 429 ? 1 : 0;
        }

        Assert.True(throttled > 0, "the neighbour never exhausted the quota");

        // Counted from here on: the neighbour has stopped, so every answer after this point is one the CLI met.
        int before = answers.Snapshot().Count;
        CliRun run = await CliHarness.RunAsync(emulator, Demo, time);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        IReadOnlyList<string> cli = answers.Snapshot().Skip(before).ToList();
        Assert.True(cli.Any(a => a.StartsWith("429 ", StringComparison.Ordinal)), "the CLI should have met the neighbour's 429s and ridden them out; the emulator answered it:\n" + string.Join('\n', cli));
    }

    [Fact]
    public async Task Fifty_devices_each_report_their_result_or_error()
    {
        // Sixty times faster: RunLiveResponse allows 10 calls a minute, so 50 devices take five (scaled) minutes.
        var time = new ScaledTimeProvider(60);
        string[] devices = Enumerable.Range(1, 50).Select(i => $"fleet-{i:00}").ToArray();
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o =>
        {
            foreach (string device in devices)
            {
                o.Devices.Add(new EmulatedDevice(device, device + ".local"));
            }
        }, time);
        string list = Path.GetTempFileName();
        await File.WriteAllLinesAsync(list, ["# the fleet", .. devices, "not-a-device", "also-missing"]);
        try
        {
            CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machines", list, "--script", "minidump.ps1", "--json"], time);

            Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());
            JsonElement[] transcripts = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToArray();
            Assert.Equal(devices, transcripts.Select(t => t.GetProperty("machine_id").GetString()).Order());
            Assert.All(transcripts, t => Assert.Equal(0, t.GetProperty("exit_code").GetInt32()));
            Assert.Contains("'not-a-device'", run.Error, StringComparison.Ordinal);
            Assert.Contains("'also-missing'", run.Error, StringComparison.Ordinal);
            Assert.Contains("50 of 52 devices succeeded", run.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Theory]
    [InlineData(new[] { "run", "--script", "x.ps1" }, "--machine")]
    [InlineData(new[] { "run", "--machine", "a" }, "--script")]
    [InlineData(new[] { "frobnicate" }, "mde-lr --help")]
    [InlineData(new[] { "run", "--machine", "a", "--script", "x.ps1", "--args", "a;b" }, "scripts' parameters")]
    public async Task Usage_errors_exit_2_and_say_what_to_write(string[] args, string hint)
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, args);
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(hint, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_device_exits_3_and_names_it()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machine", "nope", "--script", "minidump.ps1"]);
        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());
        Assert.Contains("'nope'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partial_credentials_exit_3_and_name_the_missing_variable()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, Demo, variables: new Dictionary<string, string> { ["MDE_TENANT_ID"] = "contoso.onmicrosoft.com" });
        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());
        Assert.Contains("MDE_CLIENT_ID", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_api_url_exits_3_and_names_the_variable_before_any_call()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, Demo, variables: new Dictionary<string, string>
        {
            ["MDE_TENANT_ID"] = "contoso.onmicrosoft.com",
            ["MDE_CLIENT_ID"] = "0b7f2e64-91d3-4a8c-b5e2-7c9d1f3a5b60",
            ["MDE_CLIENT_SECRET"] = "not-a-real-secret",
            ["MDE_CLOUD"] = "GCCHigh",
            ["MDE_API_URL"] = "http://api-gov.securitycenter.microsoft.us",
        });

        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());
        Assert.Contains("MDE_API_URL", run.Error, StringComparison.Ordinal);
        Assert.Contains("is not https", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-secret", run.Error + run.Out, StringComparison.Ordinal);
    }

    internal static async Task<T> WaitForAsync<T>(Func<T?> probe)
        where T : class
    {
        for (int i = 0; i < 600; i++)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("the emulator never reached the expected state within 15 s");
    }
}
