using System.Net.Http.Headers;
using Mde.Bindings.Downloads;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Tests.LiveResponse;

/// <summary>
/// The workflow where the service's statuses disagree: an action that ends ahead of its commands, a cancel that comes
/// after the commands completed, a result that cannot be collected. No result is dropped without a word.
/// </summary>
public sealed class CommandStatusRaceWorkflowTests : IDisposable
{
    private static readonly LiveResponseCommandRequest[] ScriptAndFile =
    [
        LiveResponseCommandRequest.RunScript("minidump.ps1", "OfficeClickToRun"),
        LiveResponseCommandRequest.GetFile(@"C:\windows\TEMP\OfficeClickToRun.dmp.zip"),
    ];

    private readonly FakeLiveResponseService _service = new();
    private readonly string _output = Path.Combine(Path.GetTempPath(), "mde-races-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }

        _service.Dispose();
    }

    // Source of the non-final command statuses (Submitted, PendingResource, Executing) read beside a final action
    // status: the Microsoft Defender ATP connector's swagger, FriedrichWeinmann/DefenderAPI api-endpoints/mde.swagger.json.
    [Fact]
    public async Task An_action_that_reads_Succeeded_before_its_last_command_completed_is_read_again_and_the_result_collected()
    {
        _service.Devices["dev-1"] = FakeOutcome.SucceedAheadOfLastCommand;
        _service.CommandLagReads = 2;

        LiveResponseResult result = await CreateClient().RunAsync("dev-1", ScriptAndFile, Fast(_output));

        Assert.Equal(MachineActionState.Succeeded, result.State);
        Assert.All(result.Commands, c => Assert.Equal(CommandResultStatus.Collected, c.ResultStatus));
        Assert.Equal("file bytes of dev-1", await File.ReadAllTextAsync(result.Commands[1].FilePath!));
        // Pending, InProgress, Succeeded with the file command Executing, two more reads that still say Executing,
        // then the read that says Completed.
        Assert.Equal(6, _service.Count("/api/machineactions/action-1") - _service.Count("GetLiveResponseResultDownloadLink"));
    }

    [Fact]
    public async Task A_command_still_not_completed_after_the_bounded_rereads_is_reported_not_collected_with_its_reason()
    {
        _service.Devices["dev-1"] = FakeOutcome.SucceedAheadOfLastCommand;
        _service.CommandLagReads = -1;

        LiveResponseResult result = await CreateClient().RunAsync("dev-1", ScriptAndFile, Fast() with { CommandStatusRereads = 3 });

        Assert.Equal(CommandResultStatus.Collected, result.Commands[0].ResultStatus);
        Assert.NotNull(result.Commands[0].Transcript);
        CommandResult file = result.Commands[1];
        Assert.Equal("Executing", file.Status);
        Assert.Equal(CommandResultStatus.NotCollected, file.ResultStatus);
        Assert.Null(file.FilePath);
        Assert.Contains("still read 'Executing' after 3 more read(s)", file.ResultError, StringComparison.Ordinal);
        Assert.Contains("action-1", file.ResultError, StringComparison.Ordinal);
        Assert.Contains("result not collected", file.ToString(), StringComparison.Ordinal);
        Assert.Equal(3 + 3, _service.Count("/api/machineactions/action-1") - _service.Count("GetLiveResponseResultDownloadLink"));
        Assert.Equal(1, _service.Count("GetLiveResponseResultDownloadLink(index=0)"));
        Assert.Equal(0, _service.Count("GetLiveResponseResultDownloadLink(index=1)"));
    }

    // Source: elastic/kibana pull request 236963 ("Status can be 'Cancelled' even when action completed").
    [Fact]
    public async Task An_action_cancelled_after_its_commands_completed_still_delivers_their_results()
    {
        _service.Devices["dev-1"] = FakeOutcome.CancelledAfterCommandsCompleted;

        LiveResponseCancelledException error = await Assert.ThrowsAsync<LiveResponseCancelledException>(() => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast(_output)));

        Assert.Equal(MachineActionState.Cancelled, error.Result!.State);
        Assert.Equal("ran minidump.ps1 on dev-1\n", error.Result.Commands[0].Transcript!.Output);
        Assert.Equal("file bytes of dev-1", await File.ReadAllTextAsync(error.Result.Commands[1].FilePath!));
        Assert.All(error.Result.Commands, c => Assert.Equal(CommandResultStatus.Collected, c.ResultStatus));
        Assert.Contains("2 of 2 command(s) completed before the cancel took effect", error.Message, StringComparison.Ordinal);
    }

    // The cancel's answer is the cancelled action itself (elastic/kibana pull request 236963): the commands that
    // completed before the run gave up are read from it and their results collected.
    [Fact]
    public async Task A_run_that_gives_up_still_collects_the_commands_that_completed()
    {
        _service.Devices["dev-1"] = FakeOutcome.FirstCommandThenStuck;

        LiveResponseTimedOutException error = await Assert.ThrowsAsync<LiveResponseTimedOutException>(
            () => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast() with { MaxRunDuration = TimeSpan.FromMilliseconds(30) }));

        Assert.Equal("action-1", Assert.Single(_service.Cancellations).ActionId);
        Assert.Equal(MachineActionState.Cancelled, error.Result!.State);
        Assert.Equal("ran minidump.ps1 on dev-1\n", error.Result.Commands[0].Transcript!.Output);
        Assert.Equal([CommandResultStatus.Collected, CommandResultStatus.None], error.Result.Commands.Select(c => c.ResultStatus));
    }

    [Fact]
    public async Task A_refused_result_link_is_reported_not_collected_and_the_other_results_are_kept()
    {
        _service.Devices["dev-1"] = FakeOutcome.Succeed;
        _service.RefusedLinks.Add(1);

        LiveResponseResult result = await CreateClient().RunAsync("dev-1", ScriptAndFile, Fast(_output));

        Assert.Equal(CommandResultStatus.Collected, result.Commands[0].ResultStatus);
        Assert.Equal(CommandResultStatus.NotCollected, result.Commands[1].ResultStatus);
        Assert.Contains("result link of command #1 was refused", result.Commands[1].ResultError, StringComparison.Ordinal);
        Assert.Contains("ResultNotAvailable", result.Commands[1].ResultError, StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", result.Commands[1].ResultError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_command_has_no_result_to_collect()
    {
        _service.Devices["dev-1"] = FakeOutcome.FailSecondCommand;

        LiveResponseFailedException error = await Assert.ThrowsAsync<LiveResponseFailedException>(() => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast()));

        Assert.Equal([CommandResultStatus.Collected, CommandResultStatus.None], error.Result!.Commands.Select(c => c.ResultStatus));
        Assert.All(error.Result.Commands, c => Assert.Null(c.ResultError));
    }

    // Source: the Microsoft Defender ATP connector's swagger (FriedrichWeinmann/DefenderAPI,
    // api-endpoints/mde.swagger.json, MachineActionCommand.commandStatus), which lists these six values.
    [Fact]
    public void The_spec_knows_every_command_status_the_connector_swagger_lists()
    {
        string[] swagger = ["Executing", "Completed", "Failed", "PendingResource", "Submitted", "Created"];

        Assert.Equal(swagger.Order(), CommandStatus.KnownValues.Select(v => v.ToString()).Order());
        Assert.All(swagger, wire => Assert.True(new CommandStatus(wire.ToUpperInvariant()).IsKnown));
    }

    [Fact]
    public void Negative_rereads_are_refused()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => CreateClient().RunAsync("dev-1", ScriptAndFile, Fast() with { CommandStatusRereads = -1 }).GetAwaiter().GetResult());
        Assert.Equal("CommandStatusRereads", error.ParamName);
    }

    private LiveResponseClient CreateClient()
    {
        HttpClient api = _service.CreateApiClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "api-token");
        return new LiveResponseClient(api, new ExactRateLimiterProvider(), new LinkDownloader(_service.CreateStorageClient()));
    }

    private static LiveResponseRunOptions Fast(string? output = null) => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(1),
        MaxPollInterval = TimeSpan.FromMilliseconds(4),
        OutputDirectory = output,
    };
}
