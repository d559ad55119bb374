using System.Net.Http.Headers;
using Mde.Bindings.Downloads;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;
using Mde.Bindings.Transcripts;
using Refit;

namespace Mde.Bindings.Tests.LiveResponse;

/// <summary>The workflow against a scripted service: every terminal state, the active-request rule, cancellation, fan-out.</summary>
public sealed class LiveResponseClientTests : IDisposable
{
    private static readonly LiveResponseCommandRequest[] ScriptAndFile =
    [
        LiveResponseCommandRequest.RunScript("minidump.ps1", "OfficeClickToRun"),
        LiveResponseCommandRequest.GetFile(@"C:\windows\TEMP\OfficeClickToRun.dmp.zip"),
    ];

    private readonly FakeLiveResponseService _service = new();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "mde-workflow-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }

        _service.Dispose();
    }

    private LiveResponseClient CreateClient()
    {
        HttpClient api = _service.CreateApiClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "api-token");
        // A provider per test: the process-wide default would carry one test's calls into the next one's limits.
        return new LiveResponseClient(api, new ExactRateLimiterProvider(), new LinkDownloader(_service.CreateStorageClient()));
    }

    private LiveResponseRunOptions Fast(string? output = null, bool cancelActive = false, IProgress<LiveResponseProgress>? progress = null) => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(1),
        MaxPollInterval = TimeSpan.FromMilliseconds(4),
        FleetPollInterval = TimeSpan.FromMilliseconds(1),
        OutputDirectory = output,
        CancelActiveAction = cancelActive,
        Progress = progress,
        Comment = "incident 42",
    };

    [Fact]
    public async Task Run_succeeds_and_downloads_every_result_at_once()
    {
        _service.Devices["dev-1"] = FakeOutcome.Succeed;
        var seen = new List<LiveResponseProgress>();

        LiveResponseResult result = await CreateClient().RunAsync("dev-1", ScriptAndFile, Fast(_output, progress: new SyncProgress(seen)));

        Assert.Equal(MachineActionState.Succeeded, result.State);
        Assert.Equal("dev-1", result.MachineId);
        Assert.True(result.AllScriptsSucceeded);
        ScriptTranscript transcript = result.Commands[0].Transcript!;
        Assert.Equal("minidump.ps1", transcript.ScriptName);
        Assert.Equal("ran minidump.ps1 on dev-1\n", transcript.Output);
        Assert.Equal(Path.Combine(_output, "00-minidump.ps1.transcript.json"), result.Commands[0].FilePath);
        Assert.Equal(Path.Combine(_output, "01-OfficeClickToRun.dmp.zip"), result.Commands[1].FilePath);
        Assert.Equal("file bytes of dev-1", await File.ReadAllTextAsync(result.Commands[1].FilePath!));

        string runBody = _service.Requests.Single(r => r.Uri.AbsolutePath.EndsWith("/runliveresponse", StringComparison.Ordinal)).Body!;
        Assert.Contains("\"Commands\":[{\"type\":\"RunScript\",\"params\":[{\"key\":\"ScriptName\",\"value\":\"minidump.ps1\"},{\"key\":\"Args\",\"value\":\"OfficeClickToRun\"}]}", runBody, StringComparison.Ordinal);
        Assert.Contains("\"Comment\":\"incident 42\"", runBody, StringComparison.Ordinal);
        Assert.All(_service.Requests.Where(r => r.Uri.Host == "storage.test"), r => Assert.Null(r.Authorization));
        Assert.All(_service.Requests.Where(r => r.Uri.Host != "storage.test"), r => Assert.Equal("Bearer api-token", r.Authorization));
        Assert.Equal([MachineActionState.Pending, MachineActionState.InProgress, MachineActionState.Succeeded], seen.Select(p => p.State).Distinct());
    }

    [Fact]
    public async Task Run_keeps_transcripts_in_memory_without_an_output_folder()
    {
        _service.Devices["dev-1"] = FakeOutcome.Succeed;
        LiveResponseResult result = await CreateClient().RunAsync("dev-1", [LiveResponseCommandRequest.RunScript("a.ps1")], Fast());
        Assert.Null(result.Commands[0].FilePath);
        Assert.Equal(0, result.Commands[0].Transcript!.ExitCode);
    }

    [Fact]
    public async Task Failed_action_throws_with_the_command_errors_and_the_results_before_it()
    {
        _service.Devices["dev-1"] = FakeOutcome.FailSecondCommand;

        LiveResponseFailedException error = await Assert.ThrowsAsync<LiveResponseFailedException>(() => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast()));

        Assert.Equal(["#1 GetFile: The script exited with an error", "#1 GetFile: Access denied"], error.CommandErrors);
        Assert.Contains("command #1", error.Message, StringComparison.Ordinal);
        Assert.Equal(MachineActionState.Failed, error.Result!.State);
        Assert.NotNull(error.Result.Commands[0].Transcript);
        Assert.Null(error.Result.Commands[1].FilePath);
    }

    [Fact]
    public async Task Timed_out_action_throws_its_typed_error()
    {
        _service.Devices["dev-1"] = FakeOutcome.TimeOut;
        LiveResponseTimedOutException error = await Assert.ThrowsAsync<LiveResponseTimedOutException>(() => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast()));
        Assert.Equal("dev-1", error.MachineId);
        Assert.Equal(MachineActionState.TimeOut, error.Result!.State);
    }

    [Fact]
    public async Task Action_cancelled_by_someone_else_says_who_and_why()
    {
        _service.Devices["dev-1"] = FakeOutcome.CancelledByAnalyst;
        LiveResponseCancelledException error = await Assert.ThrowsAsync<LiveResponseCancelledException>(() => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast()));
        Assert.Equal("analyst@contoso.test", error.CancelledBy);
        Assert.Equal("Stopped by an analyst", error.Comment);
    }

    [Fact]
    public async Task Active_request_is_reported_with_the_running_action()
    {
        _service.Devices["dev-1"] = FakeOutcome.Succeed;
        string running = _service.StartExisting("dev-1");

        ActiveRequestAlreadyExistsException error = await Assert.ThrowsAsync<ActiveRequestAlreadyExistsException>(() => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast()));

        Assert.Equal(running, error.ActiveMachineActionId);
        Assert.IsType<ApiException>(error.InnerException);
        Assert.Empty(_service.Cancellations);
    }

    [Fact]
    public async Task Active_request_can_be_cancelled_and_the_run_retried()
    {
        _service.Devices["dev-1"] = FakeOutcome.Succeed;
        string running = _service.StartExisting("dev-1");

        LiveResponseResult result = await CreateClient().RunAsync("dev-1", ScriptAndFile, Fast(_output, cancelActive: true));

        Assert.Equal(MachineActionState.Succeeded, result.State);
        Assert.NotEqual(running, result.MachineActionId);
        Assert.Equal(running, Assert.Single(_service.Cancellations).ActionId);
        Assert.Equal(2, _service.Count("/runliveresponse"));
    }

    [Fact]
    public async Task Cancelling_the_token_cancels_the_machine_action_on_the_service()
    {
        _service.Devices["dev-1"] = FakeOutcome.NeverEnds;
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(new List<LiveResponseProgress>(), p =>
        {
            if (p.State == MachineActionState.Pending)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast(progress: progress), cts.Token));

        (string actionId, string comment) = Assert.Single(_service.Cancellations);
        Assert.Equal("action-1", actionId);
        Assert.Contains("Cancelled by the caller", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fan_out_reports_every_devices_result_or_error_in_order()
    {
        // Nine devices: RunLiveResponse allows 10 calls a minute, and this test is not about waiting for the limit.
        string[] devices = Enumerable.Range(0, 9).Select(i => "dev-" + i).ToArray();
        foreach (string device in devices)
        {
            _service.Devices[device] = FakeOutcome.Succeed;
        }

        _service.Devices["dev-3"] = FakeOutcome.FailSecondCommand;
        _service.Devices.Remove("dev-7");

        IReadOnlyList<MachineRunOutcome> outcomes = await CreateClient().RunManyAsync(devices, ScriptAndFile, Fast(_output) with { MaxConcurrency = 4 });

        Assert.Equal(devices, outcomes.Select(o => o.MachineId));
        Assert.Equal(7, outcomes.Count(o => o.Succeeded));
        Assert.IsType<LiveResponseFailedException>(outcomes[3].Error);
        Assert.NotNull(outcomes[3].Result);
        ApiException missing = Assert.IsType<ApiException>(outcomes[7].Error);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.True(File.Exists(Path.Combine(_output, "dev-8", "01-OfficeClickToRun.dmp.zip")));
    }

    [Fact]
    public async Task A_failed_lookup_of_the_running_action_still_reports_the_busy_device()
    {
        _service.Devices["dev-1"] = FakeOutcome.Succeed;
        _service.StartExisting("dev-1");
        _service.ForbidListing = true;

        ActiveRequestAlreadyExistsException error = await Assert.ThrowsAsync<ActiveRequestAlreadyExistsException>(() => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast()));

        Assert.Null(error.ActiveMachineActionId);
    }

    [Fact]
    public async Task Giving_up_while_the_run_is_being_started_cancels_the_action_the_service_created()
    {
        _service.Devices["dev-1"] = FakeOutcome.NeverEnds;
        _service.HoldRunAnswers = true;
        using var cts = new CancellationTokenSource();
        Task run = CreateClient().RunAsync("dev-1", ScriptAndFile, Fast(), cts.Token);
        for (int i = 0; i < 500 && _service.Count("/runliveresponse") == 0; i++)
        {
            await Task.Delay(10);
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal("action-1", Assert.Single(_service.Cancellations).ActionId);
    }

    [Fact]
    public async Task A_run_that_never_ends_is_cancelled_after_its_longest_wait()
    {
        _service.Devices["dev-1"] = FakeOutcome.NeverEnds;

        LiveResponseTimedOutException error = await Assert.ThrowsAsync<LiveResponseTimedOutException>(
            () => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast() with { MaxRunDuration = TimeSpan.FromMilliseconds(30) }));

        Assert.Contains("did not end within", error.Message, StringComparison.Ordinal);
        Assert.Equal("action-1", Assert.Single(_service.Cancellations).ActionId);
    }

    [Fact]
    public async Task A_transcript_above_the_in_memory_cap_is_kept_as_a_file()
    {
        _service.Devices["dev-1"] = FakeOutcome.Succeed;
        LiveResponseResult result = await CreateClient().RunAsync(
            "dev-1",
            [LiveResponseCommandRequest.RunScript("a.ps1")],
            Fast() with { TranscriptOptions = new TranscriptReaderOptions { MaxInMemoryLength = 4 } });

        CommandResult command = Assert.Single(result.Commands);
        Assert.Null(command.Transcript);
        Assert.True(File.Exists(command.FilePath), command.FilePath);
        Directory.Delete(Path.GetDirectoryName(command.FilePath)!, recursive: true);
    }

    [Fact]
    public async Task Fan_out_refuses_a_device_listed_twice()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => CreateClient().RunManyAsync(["a", "A"], ScriptAndFile));
    }

    [Fact]
    public async Task Commands_out_of_the_required_order_are_refused_before_any_call()
    {
        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => CreateClient().RunAsync(
            "dev-1",
            [LiveResponseCommandRequest.GetFile("a"), LiveResponseCommandRequest.RunScript("b.ps1")]));
        Assert.Contains("PutFile commands first, then RunScript, then GetFile", error.Message, StringComparison.Ordinal);
        Assert.Empty(_service.Requests);
    }

    [Fact]
    public async Task Status_and_cancel_describe_the_action()
    {
        _service.Devices["dev-1"] = FakeOutcome.NeverEnds;
        string running = _service.StartExisting("dev-1");
        LiveResponseClient client = CreateClient();

        LiveResponseResult status = await client.GetStatusAsync(running);
        LiveResponseResult cancelled = await client.CancelAsync(running, "no longer needed");

        Assert.Equal(MachineActionState.Pending, status.State);
        Assert.Equal(MachineActionState.Cancelled, cancelled.State);
        Assert.Equal("no longer needed", _service.Cancellations.Single().Comment);
    }

    [Fact]
    public async Task Upload_sends_the_documented_form_fields()
    {
        using var content = new MemoryStream("Write-Output 1"u8.ToArray());
        LibraryEntry entry = await CreateClient().UploadLibraryFileAsync(content, "collect-logs.ps1", description: "collects logs", hasParameters: true, overrideIfExists: true);

        Assert.Equal("collects logs", entry.Description);
        Assert.True(content.CanRead, "the caller's stream must stay open");
        Assert.Equal("Write-Output 1", _service.UploadedForm["file"]);
        Assert.Equal("true", _service.UploadedForm["HasParameters"]);
        Assert.Equal("true", _service.UploadedForm["OverrideIfExists"]);
    }

    [Theory]
    [InlineData("my script.ps1", "' ' at position 2")]
    [InlineData("..\\x.ps1", "'\\' at position 2")]
    public async Task Upload_refuses_names_the_library_rejects(string name, string where)
    {
        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(() => CreateClient().UploadLibraryFileAsync(new MemoryStream([1]), name));
        Assert.Contains(where, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("collect-logs_v2.ps1", null)]
    [InlineData("my script.ps1", "' ' at position 2")]
    [InlineData("  ", "the name is empty")]
    public void The_library_name_rule_can_be_asked_before_an_upload(string name, string? problem)
    {
        if (problem is null)
        {
            Assert.Null(LibraryFileName.Problem(name));
        }
        else
        {
            Assert.Contains(problem, LibraryFileName.Problem(name), StringComparison.Ordinal);
        }
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which would race the assertions).</summary>
    private sealed class SyncProgress(List<LiveResponseProgress> seen, Action<LiveResponseProgress>? onReport = null) : IProgress<LiveResponseProgress>
    {
        public void Report(LiveResponseProgress value)
        {
            lock (seen)
            {
                seen.Add(value);
            }

            onReport?.Invoke(value);
        }
    }
}
