using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Tests.LiveResponse.Jobs;

/// <summary>The journal's format: every event and the definition survive a store round trip; newer or broken journals are refused.</summary>
public sealed class LiveResponseJobJournalTests
{
    private static LiveResponseJobDefinition Definition() => LiveResponseJobDefinition.Create(
        ["dev-1", "dev-2"],
        [LiveResponseCommandRequest.RunScript("collect.ps1", "-Days 3"), LiveResponseCommandRequest.GetFile(@"C:\temp\out.zip")],
        new LiveResponseRunOptions { OutputDirectory = "results", Comment = "incident 42", KeepGzip = true });

    [Fact]
    public async Task Definition_and_every_event_kind_come_back_as_they_were_appended()
    {
        var store = new InMemoryLiveResponseJobStore();
        LiveResponseJobDefinition definition = Definition();
        LiveResponseJobEvent[] events =
        [
            new LiveResponseJobEvent.DeviceQueued("dev-1"),
            new LiveResponseJobEvent.RunRequested("dev-1", definition.RunToken(0), new DateTimeOffset(2026, 12, 5, 18, 0, 0, TimeSpan.Zero)),
            new LiveResponseJobEvent.ActionRecorded("dev-1", "action-1"),
            new LiveResponseJobEvent.ResultSaved("dev-1", 1, "results/dev-1/01-out.zip"),
            new LiveResponseJobEvent.DeviceFinished("dev-1", "action-1", MachineActionState.Succeeded, ["Completed", "Completed"], null, null),
        ];

        Assert.Null(await store.LoadAsync());
        await store.CreateAsync(definition);
        foreach (LiveResponseJobEvent e in events)
        {
            await store.AppendAsync(e);
        }

        LiveResponseJobRecord? record = await store.LoadRecordAsync();
        Assert.NotNull(record);
        Assert.Equal(definition.JobId, record.Definition.JobId);
        Assert.Equal(["dev-1", "dev-2"], record.Definition.MachineIds);
        Assert.Equal(["RunScript collect.ps1 -Days 3", @"GetFile C:\temp\out.zip"], record.Definition.Commands.Select(c => c.ToRequest()).Select(c => c.Type + " " + string.Join(" ", c.Parameters.Select(p => p.Value))));
        Assert.True(record.Definition.KeepGzip);
        Assert.Equal(Path.GetFullPath("results"), record.Definition.OutputDirectory);
        Assert.Equal(events.Length, record.Events.Count);
        for (int i = 0; i < events.Length; i++)
        {
            Assert.Equal(events[i] with { }, record.Events[i] with { }, new EventComparer());
        }
    }

    [Fact]
    public void Event_json_is_tagged_snake_case_with_states_by_name()
    {
        string json = LiveResponseJobJson.Serialize(new LiveResponseJobEvent.DeviceFinished("dev-9", null, MachineActionState.Unknown, [], "ActiveRequestAlreadyExistsException", "busy"));
        Assert.StartsWith("{\"event\":\"device_finished\",", json);
        Assert.Contains("\"machine_id\":\"dev-9\"", json);
        Assert.Contains("\"state\":\"Unknown\"", json);
        Assert.Contains("\"error_type\":\"ActiveRequestAlreadyExistsException\"", json);
    }

    [Fact]
    public void A_newer_format_is_refused_with_what_to_do()
    {
        string json = LiveResponseJobJson.Serialize(Definition()).Replace("\"format_version\":1", "\"format_version\":2", StringComparison.Ordinal);
        LiveResponseJobFormatException error = Assert.Throws<LiveResponseJobFormatException>(() => LiveResponseJobJson.DeserializeDefinition(json));
        Assert.Contains("format 2", error.Message);
        Assert.Contains("newer version", error.Message);
    }

    [Theory]
    [InlineData("{\"event\":\"device_exploded\",\"machine_id\":\"dev-1\"}")]
    [InlineData("{\"event\":\"action_recorded\",\"machine_id\":\"dev-1\"")]
    [InlineData("{\"event\":\"action_recorded\",\"machine_id\":\"\",\"machine_action_id\":\"a\"}")]
    [InlineData("null")]
    public void A_broken_event_is_refused(string json) =>
        Assert.Throws<LiveResponseJobFormatException>(() => LiveResponseJobJson.DeserializeEvent(json));

    [Fact]
    public void A_definition_with_an_unknown_command_type_is_refused()
    {
        string json = LiveResponseJobJson.Serialize(Definition()).Replace("\"RunScript\"", "\"Format\"", StringComparison.Ordinal);
        LiveResponseJobFormatException error = Assert.Throws<LiveResponseJobFormatException>(() => LiveResponseJobJson.DeserializeDefinition(json));
        Assert.Contains("'Format'", error.Message);
    }

    [Fact]
    public void A_job_needs_an_output_folder() =>
        Assert.Throws<ArgumentException>(() => LiveResponseJobDefinition.Create(["dev-1"], [LiveResponseCommandRequest.RunScript("a.ps1")], new LiveResponseRunOptions()));

    [Fact]
    public async Task A_store_holds_one_job_and_takes_events_only_after_it()
    {
        var store = new InMemoryLiveResponseJobStore();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.AppendAsync(new LiveResponseJobEvent.DeviceQueued("dev-1")));
        await store.CreateAsync(Definition());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.CreateAsync(Definition()));
    }

    /// <summary>Records compare lists by reference: compare the JSON instead (the journal's own equality).</summary>
    private sealed class EventComparer : IEqualityComparer<LiveResponseJobEvent>
    {
        public bool Equals(LiveResponseJobEvent? x, LiveResponseJobEvent? y) => LiveResponseJobJson.Serialize(x!) == LiveResponseJobJson.Serialize(y!);

        public int GetHashCode(LiveResponseJobEvent obj) => 0;
    }
}
