using System.Text;
using System.Text.Json.Nodes;
using Mde.Bindings.Generator.Tests.SpecFormat;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// The models of the shipped live response spec read the docs' own example payloads: every member of each
/// example is declared (under its name or an alias), typed so that its value fits, and nothing required is
/// missing. This is what lets the generated models deserialize real answers.
/// </summary>
public sealed class DocsExamplesMatchSpecTests
{
    private static readonly SpecPayloadChecker Checker =
        new(JsonNode.Parse(File.ReadAllText(SpecFiles.LiveResponseSpecPath))!.AsObject());

    [Theory]
    [InlineData("run-live-response.response.json", "MachineAction")]
    [InlineData("get-machineaction.response.json", "MachineAction")]
    [InlineData("machineaction.json-representation.json", "MachineAction")]
    [InlineData("run-live-response.request.json", "RunLiveResponseRequest")]
    [InlineData("cancel-machine-action.request.json", "CancelMachineActionRequest")]
    [InlineData("error.example.json", "ErrorResponse")]
    [InlineData("error.example-2.json", "ErrorResponse")]
    public void Example_body_matches_its_model(string example, string model)
    {
        AssertMatches(model, ReadExample(example), example);
    }

    [Theory]
    [InlineData("get-machineactions.example1.response.json", "MachineAction", 3)]
    [InlineData("get-machineactions.example2.response.json", "MachineAction", 2)]
    [InlineData("list-library.response.normalized.json", "LibraryFile", 3)]
    public void Every_item_of_an_OData_collection_example_matches_its_model(string example, string model, int count)
    {
        var items = ReadExample(example)!["value"]!.AsArray();

        Assert.Equal(count, items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            AssertMatches(model, items[i], $"{example} value[{i}]");
        }
    }

    [Theory]
    [InlineData("live-response-transcript.doc-example.txt")]
    [InlineData("live-response-transcript.legacy-m365docs.doc-example.txt")]
    public void Transcript_examples_match_the_transcript_model_once_their_raw_line_break_is_escaped(string example)
    {
        var text = EscapeRawLineBreaksInStrings(File.ReadAllText(Path.Combine(SpecFiles.DocsExamplesDirectory, example)));

        AssertMatches("LiveResponseTranscript", JsonNode.Parse(text), example);
    }

    [Fact]
    public void Checker_reports_what_does_not_fit()
    {
        var payload = ReadExample("run-live-response.response.json")!.AsObject();
        payload["id"] = null;
        payload["status"] = "Finished";
        payload["errorHResult"] = "0x80004005";
        payload["unexpected"] = true;
        payload["commands"]![0]!.AsObject().Remove("commandStatus");

        var problems = Checker.Check("MachineAction", payload);

        Assert.Contains("$.id: null, but string is not nullable", problems);
        Assert.Contains("$.status: \"Finished\" is not a valid MachineActionStatus", problems);
        Assert.Contains("$.errorHResult: \"0x80004005\" is not a valid int32", problems);
        Assert.Contains("$: member 'unexpected' is not declared in MachineAction", problems);
        Assert.Contains("$.commands[0]: required member 'commandStatus' of MachineActionCommand is missing", problems);
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void Checker_reads_aliases()
    {
        var legacy = new JsonObject { ["name"] = "a.ps1", ["exit_code"] = 1, ["script_error"] = "boom" };

        Assert.Empty(Checker.Check("LiveResponseTranscript", legacy));
    }

    private static JsonNode? ReadExample(string example) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(SpecFiles.DocsExamplesDirectory, example)));

    private static void AssertMatches(string model, JsonNode? payload, string what)
    {
        var problems = Checker.Check(model, payload);
        Assert.True(problems.Count == 0, $"{what} does not fit {model}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    /// <summary>The published transcript example breaks a string across two lines; JSON needs the break escaped.</summary>
    private static string EscapeRawLineBreaksInStrings(string text)
    {
        var result = new StringBuilder(text.Length);
        var inString = false;
        var escaped = false;
        foreach (var c in text)
        {
            if (inString && !escaped && c is '\n' or '\r')
            {
                result.Append(c == '\n' ? "\\n" : "\\r");
                continue;
            }

            if (inString && escaped)
            {
                escaped = false;
            }
            else if (inString && c == '\\')
            {
                escaped = true;
            }
            else if (c == '"')
            {
                inString = !inString;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}
