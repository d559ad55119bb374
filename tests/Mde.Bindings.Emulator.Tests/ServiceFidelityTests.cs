using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.Tests.Infrastructure;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests;

/// <summary>
/// The emulator answers the way peers' recorded payloads and users' reports show the service answering. Each test
/// names its source; tests/TestData/peer-payloads/README.md gives the files' repositories, paths and commits.
/// </summary>
public sealed partial class ServiceFidelityTests
{
    [Theory]
    [InlineData("a;b")]
    [InlineData("a & b")]
    [InlineData("a|b")]
    [InlineData("a!")]
    [InlineData("$env:TEMP")]
    [InlineData("(a)")]
    public async Task Script_arguments_with_a_character_the_service_refuses_answer_400_with_the_services_text(string args)
    {
        // Text: MicrosoftDocs/defender-docs pull request 399. Status and code: no source shows them; 400 BadRequest is
        // the emulator's choice (docs/emulator.md).
        await using TestEmulator emulator = await StartAsync();
        (HttpResponseMessage response, JsonElement body) = await emulator.PostAsync("api/machines/demo-device/runliveresponse", RunBody(RunScript("minidump.ps1", args)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(JsonShape.Of(JsonDocument.Parse(DocsExample("error.example-2.json")).RootElement).Differences(body));
        Assert.Equal("BadRequest", ErrorCode(body));
        Assert.Equal("Please avoid using the following characters as part of scripts' parameters: ; & | ! $ ( )", body.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(emulator.Host.State.MachineActions);
    }

    [Fact]
    public async Task Line_breaks_in_script_arguments_are_passed_on_since_no_source_refuses_them()
    {
        await using TestEmulator emulator = await StartAsync();
        await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "a\\nb")));
        Assert.Single(emulator.Host.State.MachineActions);
    }

    [Fact]
    public async Task A_busy_device_answers_400_ActiveRequestAlreadyExists_with_the_text_users_report()
    {
        // microsoft-365-docs issue 5908 (400, "Action is already in progress"), pull request 11695 (the code).
        await using TestEmulator emulator = await StartAsync();
        string body = RunBody(RunScript("minidump.ps1", "x"));
        await emulator.RunAsync(body);

        (HttpResponseMessage response, JsonElement error) = await emulator.PostAsync("api/machines/demo-device/runliveresponse", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        JsonElement expected = JsonDocument.Parse(PeerPayload("error-active-request.constructed.json")).RootElement;
        Assert.Equal(Keys(expected.GetProperty("error")), Keys(error.GetProperty("error")));
        Assert.Equal("ActiveRequestAlreadyExists", ErrorCode(error));
        Assert.Equal("Action is already in progress", error.GetProperty("error").GetProperty("message").GetString());
        Assert.True(Guid.TryParse(error.GetProperty("error").GetProperty("target").GetString(), out _));
    }

    [Fact]
    public async Task A_machine_action_carries_the_recorded_keys_in_the_recorded_order_with_explicit_nulls()
    {
        // demisto/content MicrosoftDefenderAdvancedThreatProtection_test.py@a234f794 (MACHINE_OFFBOARD_API_RESPONSE).
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x")));
        JsonElement action = await emulator.GetActionAsync(id);
        JsonElement recorded = JsonDocument.Parse(PeerPayload("demisto-offboard-machine-action.json")).RootElement;

        Assert.Equal(21, Keys(action).Length);
        Assert.Equal(Keys(recorded), Keys(action));
        foreach (string member in new[] { "title", "scope", "externalId", "relatedFileInfo", "troubleshootInfo", "cancellationRequestor", "cancellationComment", "cancellationDateTimeUtc" })
        {
            Assert.Equal(JsonValueKind.Null, action.GetProperty(member).ValueKind);
        }

        Assert.Equal("PublicApi", action.GetProperty("requestSource").GetString());
        Assert.Equal(0, action.GetProperty("errorHResult").GetInt32());
    }

    [Fact]
    public async Task Commands_and_list_entries_carry_the_recorded_keys_in_the_recorded_order()
    {
        // Cloud-Architekt/cloud-architekt.github.io _posts/2023-03-20-abuse-detection-live-response-tier0.md@ff093d88:
        // a list entry (no @odata.context) of a live response action with its command.
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x")));
        emulator.Time.Advance(Pending + CommandTime);
        (HttpResponseMessage response, JsonElement list) = await emulator.GetAsync("api/machineactions");
        JsonElement recorded = JsonDocument.Parse(PeerPayload("cloud-architekt-live-response-machine-action.json")).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement entry = list.GetProperty("value")[0];
        Assert.Equal(id, entry.GetProperty("id").GetString());
        Assert.Equal(Keys(recorded), Keys(entry));
        JsonElement command = entry.GetProperty("commands")[0];
        JsonElement recordedCommand = recorded.GetProperty("commands")[0];
        Assert.Equal(Keys(recordedCommand), Keys(command));
        Assert.Equal(Keys(recordedCommand.GetProperty("command")), Keys(command.GetProperty("command")));
        Assert.Equal(JsonValueKind.Array, command.GetProperty("errors").ValueKind);
    }

    [Fact]
    public async Task Timestamps_are_UTC_with_Z_and_trailing_zeros_of_the_fraction_trimmed()
    {
        // Every recorded payload above: "2023-03-18T21:04:01.92Z", "2022-07-12T14:39:19.610309Z", ...
        await using TestEmulator emulator = await StartAsync();
        string first = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x")));
        Assert.Equal("2026-01-05T08:00:00Z", (await emulator.GetActionAsync(first)).GetProperty("creationDateTimeUtc").GetString());

        emulator.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromTicks(9_200_000));
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x")));
        JsonElement created = await emulator.GetActionAsync(id);
        Assert.Equal("2026-01-05T09:00:00.92Z", created.GetProperty("creationDateTimeUtc").GetString());

        emulator.Time.Advance(Pending);
        JsonElement running = await emulator.GetActionAsync(id);
        Assert.Equal("2026-01-05T09:00:10.92Z", running.GetProperty("commands")[0].GetProperty("startTime").GetString());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("commands")[0].GetProperty("endTime").ValueKind);

        (_, JsonElement cancelled) = await emulator.PostAsync($"api/machineactions/{id}/cancel", """{"Comment":"stop"}""");
        Assert.Matches(RecordedTimestamp(), cancelled.GetProperty("cancellationDateTimeUtc").GetString());
        Assert.Matches(RecordedTimestamp(), cancelled.GetProperty("lastUpdateDateTimeUtc").GetString());
    }

    [Theory]
    [InlineData(0L, "2023-03-18T21:04:01Z")]
    [InlineData(9_000_000L, "2023-03-18T21:04:01.9Z")]
    [InlineData(6_930_000L, "2023-03-18T21:04:01.693Z")]
    [InlineData(9_316_300L, "2023-03-18T21:04:01.93163Z")]
    [InlineData(6_103_090L, "2023-03-18T21:04:01.610309Z")]
    [InlineData(6_103_056L, "2023-03-18T21:04:01.6103056Z")]
    public void The_timestamp_format_gives_0_to_7_fraction_digits(long ticks, string expected)
    {
        var value = new DateTimeOffset(2023, 3, 18, 23, 4, 1, TimeSpan.FromHours(2)).AddTicks(ticks);
        Assert.Equal(expected, MachineActionWriter.FormatTimestamp(value));
    }

    [Fact]
    public async Task An_app_tokens_actions_name_the_app_id_as_requestor_and_canceller()
    {
        // demisto/content's recorded answer names a GUID as requestor; the docs' examples, made with user sign-ins,
        // name a UPN. The emulator issues only app tokens (docs/emulator.md).
        await using TestEmulator emulator = await StartAsync();
        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1", "x")));
        (_, JsonElement cancelled) = await emulator.PostAsync($"api/machineactions/{id}/cancel", """{"Comment":"stop"}""");

        Assert.Equal(EmulatorApp.Demo.ClientId, cancelled.GetProperty("requestor").GetString());
        Assert.Equal(EmulatorApp.Demo.ClientId, cancelled.GetProperty("cancellationRequestor").GetString());
        Assert.True(Guid.TryParse(EmulatorApp.Demo.ClientId, out _));
    }

    private static string PeerPayload(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "peer-payloads", name));

    private static string[] Keys(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,6}[1-9])?Z$")]
    private static partial Regex RecordedTimestamp();
}
