using System.Net;
using System.Text;
using System.Text.Json;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Library;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Actions;

/// <summary>
/// The command statuses the service reports and the races around an action's end, as the emulator reproduces them.
/// Each test names the public source of the behaviour (docs/service-behaviour.md lists them).
/// </summary>
public sealed class CommandStatusRaceTests
{
    private const string RaceDevice = "race-device";

    // Source of the values: the Microsoft Defender ATP connector's swagger (FriedrichWeinmann/DefenderAPI,
    // api-endpoints/mde.swagger.json, MachineActionCommand.commandStatus: Executing, Completed, Failed,
    // PendingResource, Submitted, Created). Their order and timing within a run are the emulator's own.
    [Fact]
    public async Task A_running_command_walks_Created_Submitted_PendingResource_Executing_Completed()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x"), GetFile(@"C:\a.txt")));
        var seen = new List<string>();
        async Task Read() => seen.Add(CommandStatuses(await emulator.GetActionAsync(id))[0]);

        await Read();
        emulator.Time.Advance(Pending);
        await Read();
        emulator.Time.Advance(CommandTime / 4);
        await Read();
        emulator.Time.Advance(CommandTime / 4);
        await Read();
        emulator.Time.Advance(CommandTime / 2);
        await Read();

        Assert.Equal(["Created", "Submitted", "PendingResource", "Executing", "Completed"], seen);
        Assert.Equal(["Completed", "Submitted"], CommandStatuses(await emulator.GetActionAsync(id)));
    }

    // Source: elastic/kibana pull request 236963 ("Status can be 'Cancelled' even when action completed"; a cancel
    // reuses the machine action id of the action it cancels).
    [Fact]
    public async Task A_cancel_after_the_commands_completed_leaves_a_Cancelled_action_with_completed_commands_and_their_results()
    {
        await using TestEmulator emulator = await StartAsync(o => o.Devices.Add(new EmulatedDevice(RaceDevice, "race.contoso.test") { ActionStatusDelay = TimeSpan.FromMinutes(1) }));
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x"), GetFile(@"C:\a.txt")), RaceDevice);
        emulator.Time.Advance(Pending + (2 * CommandTime) + TimeSpan.FromSeconds(5));

        JsonElement before = await emulator.GetActionAsync(id);
        Assert.Equal("InProgress", Status(before));
        Assert.Equal(["Completed", "Completed"], CommandStatuses(before));

        (HttpResponseMessage response, JsonElement cancelled) = await emulator.PostAsync($"api/machineactions/{id}/cancel", """{"Comment":"too late"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, cancelled.GetProperty("id").GetString());
        Assert.Equal("Cancelled", Status(cancelled));
        Assert.Equal(["Completed", "Completed"], CommandStatuses(cancelled));

        emulator.Time.Advance(TimeSpan.FromMinutes(5));
        JsonElement after = await emulator.GetActionAsync(id);
        Assert.Equal("Cancelled", Status(after));
        Assert.Equal(["Completed", "Completed"], CommandStatuses(after));
        Assert.Equal("too late", after.GetProperty("cancellationComment").GetString());
        Uri transcript = await emulator.GetLinkAsync(id, 0);
        Assert.Equal(HttpStatusCode.OK, (await emulator.Anonymous.GetAsync(transcript)).StatusCode);
    }

    // Source: elastic/kibana pull request 236963 (a cancel answers with the id of the action it cancels; cancelling
    // it again fails because the action already ended).
    [Fact]
    public async Task A_cancel_answers_with_the_cancelled_action_id_and_a_second_cancel_is_refused()
    {
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x")));

        (HttpResponseMessage response, JsonElement cancelled) = await emulator.PostAsync($"api/machineactions/{id}/cancel", """{"Comment":"stop"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, cancelled.GetProperty("id").GetString());
        Assert.Single(emulator.Host.State.MachineActions);

        (response, _) = await emulator.PostAsync($"api/machineactions/{id}/cancel", """{"Comment":"again"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    // The action's status running ahead of its commands': an action that reads Succeeded while a command has not
    // reached Completed (the connector swagger's non-final command statuses, FriedrichWeinmann/DefenderAPI
    // api-endpoints/mde.swagger.json, read beside a final action status). The delay is the emulator's injection.
    [Fact]
    public async Task With_a_command_status_delay_the_action_reads_Succeeded_while_its_last_command_still_reads_Executing()
    {
        await using TestEmulator emulator = await StartAsync(o => o.Devices.Add(new EmulatedDevice(RaceDevice, "race.contoso.test") { CommandStatusDelay = TimeSpan.FromSeconds(20) }));
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x"), GetFile(@"C:\a.txt")), RaceDevice);
        emulator.Time.Advance(Pending + (2 * CommandTime));

        JsonElement early = await emulator.GetActionAsync(id);
        Assert.Equal("Succeeded", Status(early));
        Assert.Equal(["Completed", "Executing"], CommandStatuses(early));
        Assert.Equal(JsonValueKind.Null, early.GetProperty("commands")[1].GetProperty("endTime").ValueKind);
        (HttpResponseMessage refused, _) = await emulator.GetAsync($"api/machineactions/{id}/GetLiveResponseResultDownloadLink(index=1)");
        Assert.False(refused.IsSuccessStatusCode);

        emulator.Time.Advance(TimeSpan.FromSeconds(20));
        JsonElement late = await emulator.GetActionAsync(id);
        Assert.Equal("Succeeded", Status(late));
        Assert.Equal(["Completed", "Completed"], CommandStatuses(late));
        await emulator.GetLinkAsync(id, 1);
    }

    // Source: elastic/kibana issue 226775 (a stuck action blocks every later action on the device). The service's
    // refusal does not name the holding action (microsoft-365-docs issue 5908), so it is found by listing the device's
    // actions that are Pending or InProgress.
    [Fact]
    public async Task A_stuck_action_blocks_later_runs_and_the_list_names_it()
    {
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.ScriptTimeout = TimeSpan.FromMinutes(10);
            o.LibraryFiles.Add(Script("hang.ps1", "# emulator.outcome: hang"));
        });
        string stuck = await emulator.RunAsync(RunBody(RunScript("hang.ps1")));

        foreach (TimeSpan later in new[] { Pending, TimeSpan.FromMinutes(5) })
        {
            emulator.Time.Advance(later);
            (HttpResponseMessage response, JsonElement error) = await emulator.PostAsync("api/machines/demo-device/runliveresponse", RunBody(RunScript("minidump.ps1")));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("ActiveRequestAlreadyExists", ErrorCode(error));
            Assert.DoesNotContain(stuck, error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        (_, JsonElement list) = await emulator.GetAsync("api/machineactions?$filter=" + Uri.EscapeDataString("machineId eq 'demo-device' and (status eq 'Pending' or status eq 'InProgress')"));
        Assert.Equal([stuck], list.GetProperty("value").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_admin_endpoint_sets_the_delays_and_refuses_a_negative_one()
    {
        await using TestEmulator emulator = await StartAsync();
        HttpClient admin = emulator.Anonymous;

        (HttpResponseMessage response, _) = await emulator.SendAsync(admin, HttpMethod.Post, "_emulator/devices", JsonBody("""{"id":"lab-2","computerDnsName":"lab-2.contoso.local","actionStatusDelay":"00:01:00","commandStatusDelay":"00:00:20"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        EmulatedDevice device = emulator.Host.State.Devices.Single(d => d.Id == "lab-2");
        Assert.Equal(TimeSpan.FromMinutes(1), device.ActionStatusDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), device.CommandStatusDelay);

        (response, JsonElement error) = await emulator.SendAsync(admin, HttpMethod.Post, "_emulator/devices", JsonBody("""{"id":"lab-3","computerDnsName":"lab-3.contoso.local","commandStatusDelay":"-00:00:01"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("CommandStatusDelay cannot be negative", error.GetRawText(), StringComparison.Ordinal);
    }

    private static EmulatedLibraryFile Script(string name, string text) => new(name, Encoding.UTF8.GetBytes(text));
}
