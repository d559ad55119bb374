using System.Text;
using System.Text.Json;
using Mde.Bindings.Protocol;
using Mde.Bindings.Transcripts;
using Aliases = Mde.Bindings.Protocol.LiveResponseTranscript.JsonAliases;
using Names = Mde.Bindings.Protocol.LiveResponseTranscript.JsonNames;

namespace Mde.Bindings.Tests.Transcripts;

/// <summary>
/// The streaming transcript reader takes its member spellings from the spec (model LiveResponseTranscript, its JSON
/// names and aliases): every spelling the generated model reads, the reader reads into the same member.
/// </summary>
public sealed class TranscriptSpellingTests
{
    public static TheoryData<string, string> ScriptNameAndErrorsSpellings()
    {
        var data = new TheoryData<string, string>();
        foreach (string name in (IEnumerable<string>)[Names.ScriptName, .. Aliases.ScriptName])
        {
            foreach (string errors in (IEnumerable<string>)[Names.ScriptErrors, .. Aliases.ScriptErrors])
            {
                data.Add(name, errors);
            }
        }

        return data;
    }

    [Fact]
    public void The_spec_declares_the_documented_names_and_the_seed_documents_older_ones()
    {
        // MicrosoftDocs/defender-docs get-live-response-result.md @03dca546 writes script_errors; the older
        // MicrosoftDocs/microsoft-365-docs page (@0008d95e) writes script_error; "name" is the oldest page's spelling
        // (the spec's x-history of LiveResponseTranscript).
        Assert.Equal(["script_name", "exit_code", "script_output", "script_errors"], [Names.ScriptName, Names.ExitCode, Names.ScriptOutput, Names.ScriptErrors]);
        Assert.Equal(["name"], Aliases.ScriptName);
        Assert.Equal(["script_error"], Aliases.ScriptErrors);
    }

    [Theory]
    [MemberData(nameof(ScriptNameAndErrorsSpellings))]
    public async Task Every_spelling_the_model_reads_the_streaming_reader_reads_alike(string nameKey, string errorsKey)
    {
        string json = $$"""{"{{nameKey}}": "collect.ps1", "{{Names.ExitCode}}": 3, "{{Names.ScriptOutput}}": "out", "{{errorsKey}}": "boom"}""";

        LiveResponseTranscript model = JsonSerializer.Deserialize(json, LiveResponseJsonContext.Default.LiveResponseTranscript)!;
        ScriptTranscript read = await TranscriptReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(("collect.ps1", 3, "out", "boom"), (model.ScriptName, model.ExitCode, model.ScriptOutput, model.ScriptErrors));
        Assert.Equal((model.ScriptName, model.ExitCode, model.ScriptOutput, model.ScriptErrors), (read.ScriptName, read.ExitCode, read.Output, read.Errors));
    }

    [Fact]
    public async Task A_name_the_spec_does_not_declare_is_skipped_by_both()
    {
        string json = $$"""{"scriptname": "x", "{{Names.ExitCode}}": 0, "{{Names.ScriptOutput}}": "", "errors": "y"}""";

        LiveResponseTranscript model = JsonSerializer.Deserialize(json, LiveResponseJsonContext.Default.LiveResponseTranscript)!;
        ScriptTranscript read = await TranscriptReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Null(model.ScriptName);
        Assert.Null(model.ScriptErrors);
        Assert.Equal((string.Empty, string.Empty), (read.ScriptName, read.Errors));
    }
}
