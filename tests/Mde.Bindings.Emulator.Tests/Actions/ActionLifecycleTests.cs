using System.Net;
using System.Text;
using System.Text.Json;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Library;
using Mde.Bindings.Emulator.Scripts;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Actions;

/// <summary>How a live response action moves through its states on the emulator's clock, and the run rules.</summary>
public sealed class ActionLifecycleTests
{
    [Fact]
    public async Task Action_moves_from_Pending_through_InProgress_to_Succeeded_as_time_advances()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "OfficeClickToRun"), GetFile(@"C:\temp\a.zip")));

        JsonElement action = await emulator.GetActionAsync(id);
        Assert.Equal("Pending", Status(action));

        emulator.Time.Advance(Pending);
        action = await emulator.GetActionAsync(id);
        Assert.Equal("InProgress", Status(action));
        Assert.Equal(["Submitted", "Created"], CommandStatuses(action));
        Assert.Equal(Start + Pending, action.GetProperty("commands")[0].GetProperty("startTime").GetDateTimeOffset());
        Assert.Equal(Start + Pending, action.GetProperty("lastUpdateDateTimeUtc").GetDateTimeOffset());

        emulator.Time.Advance(CommandTime);
        action = await emulator.GetActionAsync(id);
        Assert.Equal("InProgress", Status(action));
        Assert.Equal(["Completed", "Submitted"], CommandStatuses(action));
        Assert.Equal(Start + Pending + CommandTime, action.GetProperty("commands")[0].GetProperty("endTime").GetDateTimeOffset());

        emulator.Time.Advance(CommandTime);
        action = await emulator.GetActionAsync(id);
        Assert.Equal("Succeeded", Status(action));
        Assert.Equal(["Completed", "Completed"], CommandStatuses(action));
        Assert.Equal(Start + Pending + CommandTime + CommandTime, action.GetProperty("lastUpdateDateTimeUtc").GetDateTimeOffset());
        Assert.Equal("Succeeded", emulator.Host.State.MachineActions.Single().Status);
    }

    [Fact]
    public async Task A_failing_script_fails_itself_and_every_later_command()
    {
        await using TestEmulator emulator = await StartAsync(o => o.LibraryFiles.Add(Script("broken.ps1", "# emulator.failure: Access is denied.")));
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x"), RunScript("broken.ps1"), GetFile(@"C:\a.txt")));
        emulator.Time.Advance(Pending + (3 * CommandTime));

        JsonElement action = await emulator.GetActionAsync(id);
        Assert.Equal("Failed", Status(action));
        Assert.Equal(["Completed", "Failed", "Failed"], CommandStatuses(action));
        Assert.Equal("Access is denied.", action.GetProperty("commands")[1].GetProperty("errors")[0].GetString());
        Assert.Equal("Not run: command 1 failed.", action.GetProperty("commands")[2].GetProperty("errors")[0].GetString());
        Assert.Equal(Start + Pending + (2 * CommandTime), action.GetProperty("lastUpdateDateTimeUtc").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_hanging_script_times_out_after_the_script_timeout()
    {
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.ScriptTimeout = TimeSpan.FromMinutes(10);
            o.LibraryFiles.Add(Script("hang.ps1", "# emulator.outcome: hang"));
        });
        string id = await emulator.RunAsync(RunBody(RunScript("hang.ps1"), GetFile(@"C:\a.txt")));

        emulator.Time.Advance(Pending + TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal("InProgress", Status(await emulator.GetActionAsync(id)));

        emulator.Time.Advance(TimeSpan.FromSeconds(1));
        JsonElement action = await emulator.GetActionAsync(id);
        Assert.Equal("TimeOut", Status(action));
        Assert.Equal(["Failed", "Failed"], CommandStatuses(action));
    }

    [Fact]
    public async Task Cancel_makes_an_active_action_Cancelled_and_a_final_one_cannot_be_cancelled()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x"), GetFile(@"C:\a.txt")));
        emulator.Time.Advance(Pending + TimeSpan.FromSeconds(5));

        (HttpResponseMessage response, JsonElement action) = await emulator.PostAsync($"api/machineactions/{id}/cancel", """{"Comment":"stop"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Cancelled", Status(action));
        Assert.Equal(["Failed", "Created"], CommandStatuses(action));
        Assert.Equal(EmulatorApp.Demo.ClientId, action.GetProperty("cancellationRequestor").GetString());

        emulator.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("Cancelled", Status(await emulator.GetActionAsync(id)));
        (response, JsonElement error) = await emulator.PostAsync($"api/machineactions/{id}/cancel", """{"Comment":"again"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("already Cancelled", error.GetProperty("error").GetProperty("message").GetString());

        (response, error) = await emulator.PostAsync("api/machineactions/no-such-action/cancel", """{"Comment":"x"}""");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFound", ErrorCode(error));
    }

    [Fact]
    public async Task A_second_run_on_a_busy_device_answers_400_ActiveRequestAlreadyExists_until_the_first_ends()
    {
        await using TestEmulator emulator = await StartAsync();
        string body = RunBody(RunScript("minidump.ps1", "x"));
        await emulator.RunAsync(body);

        (HttpResponseMessage response, JsonElement error) = await emulator.PostAsync("api/machines/demo-device/runliveresponse", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ActiveRequestAlreadyExists", ErrorCode(error));

        emulator.Time.Advance(Pending + CommandTime);
        await emulator.RunAsync(body);
    }

    [Theory]
    [InlineData("""{"type":"GetFile","params":[{"key":"Path","value":"C:\\a"}]},{"type":"RunScript","params":[{"key":"ScriptName","value":"minidump.ps1"}]}""", "InvalidRequestBody")]
    [InlineData("""{"type":"RunScript","params":[{"key":"ScriptName","value":"minidump.ps1"}]},{"type":"PutFile","params":[{"key":"FileName","value":"minidump.ps1"}]}""", "InvalidRequestBody")]
    [InlineData("""{"type":"RunScript","params":[{"key":"scriptName","value":"minidump.ps1"}]}""", "MissingRequiredParameter")]
    [InlineData("""{"type":"GetFile","params":[]}""", "MissingRequiredParameter")]
    [InlineData("""{"type":"Shell","params":[{"key":"Path","value":"x"}]}""", "InvalidRequestBody")]
    [InlineData("""{"type":"RunScript","params":[{"key":"ScriptName","value":"minidump.ps1"},{"key":"Args","value":"a;b"}]}""", "BadRequest")]
    public async Task Bodies_that_break_the_command_rules_answer_400(string commands, string code)
    {
        await using TestEmulator emulator = await StartAsync();
        (HttpResponseMessage response, JsonElement error) = await emulator.PostAsync("api/machines/demo-device/runliveresponse", RunBody(commands));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, ErrorCode(error));
        Assert.Empty(emulator.Host.State.MachineActions);
    }

    [Fact]
    public async Task Repeated_types_in_order_are_accepted()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(PutFile("minidump.ps1"), PutFile("minidump.ps1"), RunScript("minidump.ps1", "a"), RunScript("minidump.ps1", "b"), GetFile(@"C:\1"), GetFile(@"C:\2")));
        emulator.Time.Advance(Pending + (6 * CommandTime));

        Assert.Equal("Succeeded", Status(await emulator.GetActionAsync(id)));
    }

    [Fact]
    public async Task A_script_missing_from_the_library_fails_the_command_when_it_runs()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(RunScript("absent.ps1"), GetFile(@"C:\a.txt")));
        emulator.Time.Advance(Pending + CommandTime);

        JsonElement action = await emulator.GetActionAsync(id);
        Assert.Equal("Failed", Status(action));
        Assert.Equal(["Failed", "Failed"], CommandStatuses(action));
        Assert.Contains("not found in the live response library", action.GetProperty("commands")[0].GetProperty("errors")[0].GetString());
    }

    [Fact]
    public async Task Script_directives_and_rules_decide_the_transcript()
    {
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.LibraryFiles.Add(Script("exit3.sh", "#!/bin/sh\n# emulator.exit-code: 3\n# emulator.output: hello {args}\n# emulator.errors: warning\n# emulator.duration: PT45S\n"));
            o.LibraryFiles.Add(Script("ruled.ps1", "Write-Output 'ignored'"));
            o.ScriptBehaviors["ruled.ps1"] = new ScriptBehavior { ExitCode = 7, Output = "{script}:{args}" };
        });
        string id = await emulator.RunAsync(RunBody(RunScript("exit3.sh", "world"), RunScript("ruled.ps1", "z")));
        emulator.Time.Advance(Pending + TimeSpan.FromSeconds(45) + CommandTime);

        JsonElement action = await emulator.GetActionAsync(id);
        Assert.Equal("Succeeded", Status(action));
        Assert.Equal(Start + Pending + TimeSpan.FromSeconds(45), action.GetProperty("commands")[0].GetProperty("endTime").GetDateTimeOffset());

        JsonElement first = JsonDocument.Parse(await emulator.Anonymous.GetStringAsync(await emulator.GetLinkAsync(id, 0))).RootElement;
        Assert.Equal(3, first.GetProperty("exit_code").GetInt32());
        Assert.Equal("hello world\n", first.GetProperty("script_output").GetString());
        Assert.Equal("warning\n", first.GetProperty("script_errors").GetString());

        JsonElement second = JsonDocument.Parse(await emulator.Anonymous.GetStringAsync(await emulator.GetLinkAsync(id, 1))).RootElement;
        Assert.Equal(7, second.GetProperty("exit_code").GetInt32());
        Assert.Equal("ruled.ps1:z", second.GetProperty("script_output").GetString());
    }

    [Fact]
    public async Task GetFile_serves_the_device_file_or_generated_bytes_and_can_fail_on_a_missing_file()
    {
        byte[] evidence = [1, 2, 3, 0, 255];
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.Devices.Add(new EmulatedDevice("files", "files-host") { Files = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase) { [@"C:\evidence.bin"] = evidence } });
            o.Devices.Add(new EmulatedDevice("strict", "strict-host") { FailMissingFiles = true });
        });
        string id = await emulator.RunAsync(RunBody(GetFile(@"c:\EVIDENCE.bin"), GetFile(@"C:\other.log")), "files");
        string strict = await emulator.RunAsync(RunBody(GetFile(@"C:\nothing.log")), "strict");
        emulator.Time.Advance(Pending + (2 * CommandTime));

        // GetFile results are served gzip-compressed, as the service stores them (GetFileGzipTests names the sources).
        Assert.Equal(evidence, Gunzip(await emulator.Anonymous.GetByteArrayAsync(await emulator.GetLinkAsync(id, 0))));
        byte[] generated = Gunzip(await emulator.Anonymous.GetByteArrayAsync(await emulator.GetLinkAsync(id, 1)));
        Assert.StartsWith(@"Emulated file C:\other.log collected from files.", Encoding.UTF8.GetString(generated));
        JsonElement failed = await emulator.GetActionAsync(strict);
        Assert.Equal("Failed", Status(failed));
        Assert.Contains("was not found on the device", failed.GetProperty("commands")[0].GetProperty("errors")[0].GetString());
    }

    [Fact]
    public async Task Result_links_exist_only_for_completed_commands_that_leave_a_result()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(PutFile("minidump.ps1"), RunScript("minidump.ps1", "x")));
        string path(int index) => $"api/machineactions/{id}/GetLiveResponseResultDownloadLink(index={index})";

        (HttpResponseMessage response, JsonElement error) = await emulator.GetAsync(path(1));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not available", error.GetProperty("error").GetProperty("message").GetString());

        emulator.Time.Advance(Pending + (2 * CommandTime));
        (response, error) = await emulator.GetAsync(path(0));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("PutFile", error.GetProperty("error").GetProperty("message").GetString());
        (response, _) = await emulator.GetAsync(path(1));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        (response, error) = await emulator.GetAsync(path(2));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidInput", ErrorCode(error));
        (response, error) = await emulator.GetAsync("api/machineactions/nope/GetLiveResponseResultDownloadLink(index=0)");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task List_filters_on_status_and_machineId_and_pages_with_top_and_skip()
    {
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.Devices.Add(new EmulatedDevice("d1", "one"));
            o.Devices.Add(new EmulatedDevice("d2", "two"));
        });
        string body = RunBody(RunScript("minidump.ps1", "x"));
        string first = await emulator.RunAsync(body, "d1");
        emulator.Time.Advance(Pending + CommandTime);
        string second = await emulator.RunAsync(body, "d2");
        string third = await emulator.RunAsync(body, "d1");

        Assert.Equal([first], await ListIdsAsync(emulator, "$filter=status eq 'Succeeded'"));
        Assert.Equal([third, first], await ListIdsAsync(emulator, "$filter=machineId eq 'd1'"));
        Assert.Equal([third], await ListIdsAsync(emulator, "$filter=machineId eq 'd1' and status eq 'Pending'"));
        Assert.Equal([second, first], await ListIdsAsync(emulator, "$filter=machineId eq 'd2' or (status ne 'Pending')"));
        Assert.Equal([third, second], await ListIdsAsync(emulator, $"$filter=creationDateTimeUtc gt {Start:yyyy-MM-ddTHH:mm:ssZ}"));
        Assert.Equal([third, second], await ListIdsAsync(emulator, "$top=2"));
        Assert.Equal([second], await ListIdsAsync(emulator, "$top=1&$skip=1"));

        (HttpResponseMessage response, JsonElement error) = await emulator.GetAsync("api/machineactions?$filter=computerDnsName eq 'one'");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(string.Empty, ErrorCode(error));
        (response, _) = await emulator.GetAsync("api/machineactions?$top=10001");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task<string[]> ListIdsAsync(TestEmulator emulator, string query)
    {
        (HttpResponseMessage response, JsonElement list) = await emulator.GetAsync("api/machineactions?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. list.GetProperty("value").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];
    }

    private static EmulatedLibraryFile Script(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));
}
