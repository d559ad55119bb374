using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mde.Bindings.Downloads;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Tests.PeerPayloads;

/// <summary>
/// MachineAction answers as peers recorded them, read through the generated models (plain JsonSerializer and the
/// generated context) and through the workflow's status call. Sources are in tests/TestData/peer-payloads/README.md.
/// </summary>
public sealed class PeerMachineActionTests
{
    // demisto/content MicrosoftDefenderAdvancedThreatProtection_test.py@a234f794, MACHINE_OFFBOARD_API_RESPONSE:
    // 21 keys, explicit nulls, a 7-digit and a 6-digit fraction, the app id (a GUID) as requestor.
    private const string Demisto = "demisto-offboard-machine-action.json";

    // Cloud-Architekt/cloud-architekt.github.io _posts/2023-03-20-abuse-detection-live-response-tier0.md@ff093d88:
    // a live response action with one completed RunScript command; fractions of 7, 5, 2 and 3 digits.
    private const string CloudArchitekt = "cloud-architekt-live-response-machine-action.json";

    [Theory]
    [InlineData(Demisto)]
    [InlineData(CloudArchitekt)]
    public void Default_options_and_the_generated_context_read_the_recorded_answer_alike(string file)
    {
        string json = PeerPayloads.Read(file);
        MachineAction viaDefaults = JsonSerializer.Deserialize<MachineAction>(json)!;
        MachineAction viaContext = JsonSerializer.Deserialize(json, LiveResponseJsonContext.Default.MachineAction)!;

        Assert.Equal(JsonSerializer.Serialize(viaDefaults), JsonSerializer.Serialize(viaContext, LiveResponseJsonContext.Default.MachineAction));
        Assert.True(viaDefaults.Status.IsKnown);
        Assert.True(viaDefaults.Type.IsKnown);
    }

    [Fact]
    public void The_demisto_offboard_answer_keeps_its_nulls_as_nulls_and_its_requestor_GUID()
    {
        MachineAction action = JsonSerializer.Deserialize<MachineAction>(PeerPayloads.Read(Demisto))!;

        Assert.Equal(MachineActionType.Offboard, action.Type);
        Assert.Equal(MachineActionStatus.Pending, action.Status);
        Assert.True(Guid.TryParse(action.Requestor, out _));
        Assert.Null(action.Title);
        Assert.Null(action.MachineId);
        Assert.Null(action.CancellationDateTimeUtc);
        Assert.Null(action.RelatedFileInfo);
        Assert.Equal(0, action.ErrorHResult);
        Assert.Equal("PublicApi", action.RequestSource);
        Assert.Empty(action.Commands!);
        Assert.Equal(new DateTimeOffset(2022, 7, 12, 14, 39, 19, TimeSpan.Zero).AddTicks(6103056), action.CreationDateTimeUtc);
        Assert.Equal(new DateTimeOffset(2022, 7, 12, 14, 39, 19, TimeSpan.Zero).AddTicks(6103090), action.LastUpdateDateTimeUtc);
    }

    [Fact]
    public void The_cloud_architekt_live_response_answer_keeps_its_command_and_short_fractions()
    {
        MachineAction action = JsonSerializer.Deserialize<MachineAction>(PeerPayloads.Read(CloudArchitekt))!;

        MachineActionCommand command = Assert.Single(action.Commands!);
        Assert.Equal(CommandStatus.Completed, command.CommandStatus);
        Assert.Equal(LiveResponseCommandType.RunScript, command.Command.Type);
        Assert.Equal("Add-DomainAdmin.ps1", Assert.Single(command.Command.Params).Value);
        Assert.Equal(new DateTimeOffset(2023, 3, 18, 21, 4, 1, 920, TimeSpan.Zero), command.StartTime);
        Assert.Equal(new DateTimeOffset(2023, 3, 18, 21, 4, 4, 693, TimeSpan.Zero), command.EndTime);
        Assert.Equal(new DateTimeOffset(2023, 3, 18, 21, 4, 41, TimeSpan.Zero).AddTicks(9316300), action.LastUpdateDateTimeUtc);
    }

    // The fraction of a timestamp has 0 to 7 digits, trailing zeros trimmed: the peers' payloads above show 7, 6, 5, 3
    // and 2 digits; 0, 1 and 4 digits complete the range.
    [Theory]
    [InlineData("2023-03-18T21:04:01Z", 0)]
    [InlineData("2023-03-18T21:04:01.9Z", 9_000_000)]
    [InlineData("2023-03-18T21:04:01.92Z", 9_200_000)]
    [InlineData("2023-03-18T21:04:01.693Z", 6_930_000)]
    [InlineData("2023-03-18T21:04:01.9316Z", 9_316_000)]
    [InlineData("2023-03-18T21:04:01.93163Z", 9_316_300)]
    [InlineData("2023-03-18T21:04:01.610309Z", 6_103_090)]
    [InlineData("2023-03-18T21:04:01.6103056Z", 6_103_056)]
    public void Timestamps_with_0_to_7_fraction_digits_read_to_the_exact_tick(string timestamp, long ticks)
    {
        MachineAction action = JsonSerializer.Deserialize<MachineAction>($$"""{"id":"a","type":"LiveResponse","status":"Pending","creationDateTimeUtc":"{{timestamp}}"}""")!;
        Assert.Equal(new DateTimeOffset(2023, 3, 18, 21, 4, 1, TimeSpan.Zero).AddTicks(ticks), action.CreationDateTimeUtc);
        Assert.Equal(TimeSpan.Zero, action.CreationDateTimeUtc!.Value.Offset);
    }

    [Fact]
    public async Task The_workflow_reads_the_recorded_live_response_action_as_a_completed_run()
    {
        using var handler = new OneAnswerHandler(PeerPayloads.Read(CloudArchitekt));
        using HttpClient api = new(handler, disposeHandler: false) { BaseAddress = new Uri("https://api.security.microsoft.com") };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "api-token");
        using HttpClient storage = new(handler, disposeHandler: false);
        var client = new LiveResponseClient(api, new ExactRateLimiterProvider(), new LinkDownloader(storage));

        LiveResponseResult result = await client.GetStatusAsync("c141bb71-8125-4234-a184-XXXXXXXXX");

        Assert.Equal(MachineActionState.Succeeded, result.State);
        Assert.Equal("a9e15a8b846d93d43d6XXXXXXX", result.MachineId);
        CommandResult command = Assert.Single(result.Commands);
        Assert.True(command.Completed);
        Assert.Equal("RunScript", command.Command.Type);
        Assert.Equal("Add-DomainAdmin.ps1", command.Command["ScriptName"]);
        Assert.Equal("/api/machineactions/c141bb71-8125-4234-a184-XXXXXXXXX", handler.Paths.Single());
    }

    private sealed class OneAnswerHandler(string json) : HttpMessageHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Add(request.RequestUri!.AbsolutePath);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        }
    }
}
