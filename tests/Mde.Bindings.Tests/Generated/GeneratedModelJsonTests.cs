using System.Text.Json;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Tests.Generated;

/// <summary>Generated models through plain <see cref="JsonSerializer"/> (default options) and through the generated context alike.</summary>
public sealed class GeneratedModelJsonTests
{
    private const string Action = """{"id":"a1","type":"LiveResponse","status":"Succeeded","unknownMember":{"nested":[1,2,3]},"commands":[]}""";

    [Fact]
    public void Default_options_and_the_generated_context_read_the_same_model()
    {
        MachineAction viaDefaults = JsonSerializer.Deserialize<MachineAction>(Action)!;
        MachineAction viaContext = JsonSerializer.Deserialize(Action, LiveResponseJsonContext.Default.MachineAction)!;

        Assert.Equal(viaDefaults.Id, viaContext.Id);
        Assert.Equal(MachineActionStatus.Succeeded, viaDefaults.Status);
        Assert.Equal(JsonSerializer.Serialize(viaDefaults), JsonSerializer.Serialize(viaContext, LiveResponseJsonContext.Default.MachineAction));
    }

    [Fact]
    public void Unknown_members_are_ignored()
    {
        MachineAction action = JsonSerializer.Deserialize<MachineAction>(Action)!;
        Assert.Equal("a1", action.Id);
        Assert.Empty(action.Commands!);
    }

    [Fact]
    public void Unknown_enum_value_stays_readable_and_round_trips()
    {
        MachineAction action = JsonSerializer.Deserialize<MachineAction>(Action.Replace("Succeeded", "PartiallySucceeded", StringComparison.Ordinal))!;

        Assert.Equal("PartiallySucceeded", action.Status.ToString());
        Assert.False(action.Status.IsKnown);
        Assert.NotEqual(MachineActionStatus.Succeeded, action.Status);
        Assert.Contains("\"status\":\"PartiallySucceeded\"", JsonSerializer.Serialize(action), StringComparison.Ordinal);
    }

    [Fact]
    public void Enums_are_written_exactly_as_the_spec_spells_them_whatever_the_naming_policy()
    {
        var camel = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        Assert.Equal("\"TimeOut\"", JsonSerializer.Serialize(MachineActionStatus.TimeOut, camel));
        Assert.Equal("\"InProgress\"", JsonSerializer.Serialize(MachineActionStatus.InProgress));
        Assert.True(MachineActionStatus.TimeOut.IsKnown);
        Assert.Equal(MachineActionStatus.Cancelled, (MachineActionStatus)"cancelled");
    }

    [Fact]
    public void Member_names_are_matched_ignoring_case_when_no_exact_match_exists()
    {
        MachineAction action = JsonSerializer.Deserialize<MachineAction>("""{"ID":"x","Type":"Isolate","STATUS":"Pending"}""")!;
        Assert.Equal("x", action.Id);
        Assert.Equal(MachineActionType.Isolate, action.Type);
    }

    [Fact]
    public void Aliases_are_matched_ignoring_case_too()
    {
        // script_error is the older spelling of script_errors (the spec's LiveResponseTranscript aliases).
        LiveResponseTranscript transcript = JsonSerializer.Deserialize<LiveResponseTranscript>("""{"Name":"a.ps1","Exit_Code":0,"SCRIPT_ERROR":"denied"}""")!;
        Assert.Equal(("a.ps1", 0, "denied"), (transcript.ScriptName, transcript.ExitCode, transcript.ScriptErrors));
    }

    [Fact]
    public void Alias_lists_cannot_be_changed_through_a_cast_since_the_converters_match_against_them()
    {
        var aliases = (IList<string>)LiveResponseTranscript.JsonAliases.ScriptErrors;
        Assert.Throws<NotSupportedException>(() => aliases[0] = "errors");
        Assert.Equal(["script_error"], LiveResponseTranscript.JsonAliases.ScriptErrors);
    }

    [Fact]
    public void Missing_required_member_names_the_member()
    {
        JsonException error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<MachineAction>("""{"id":"x","type":"Isolate"}"""));
        Assert.Contains("'status'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_token_type_names_the_expectation()
    {
        JsonException error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LiveResponseTranscript>("""{"exit_code":"zero"}"""));
        Assert.Contains("32-bit integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_members_left_null_are_not_written()
    {
        var request = new RunLiveResponseRequest
        {
            Commands = [new LiveResponseCommand { Type = LiveResponseCommandType.RunScript, Params = [new LiveResponseCommandParam { Key = "ScriptName", Value = "a.ps1" }] }],
        };
        Assert.Equal("""{"Commands":[{"type":"RunScript","params":[{"key":"ScriptName","value":"a.ps1"}]}]}""", JsonSerializer.Serialize(request));
    }
}
