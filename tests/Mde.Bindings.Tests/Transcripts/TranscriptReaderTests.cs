using System.Text;
using Mde.Bindings.Transcripts;

namespace Mde.Bindings.Tests.Transcripts;

public sealed class TranscriptReaderTests
{
    private const string DocsOutput =
        "Transcript started, output file is C:\\ProgramData\\Microsoft\\Windows Defender Advanced Threat Protection\\Temp\\PSScriptOutputs\\PSScript_Transcript_{TRANSCRIPT_ID}.txt\n"
        + "C:\\windows\\TEMP\\OfficeClickToRun.dmp.zip\n51 MB\n";

    [Theory]
    [InlineData("live-response-transcript.doc-example.txt")]
    [InlineData("live-response-transcript.legacy-m365docs.doc-example.txt")]
    public async Task The_docs_examples_are_read_despite_their_raw_line_feed_and_padding(string file)
    {
        await using FileStream stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", "docs-examples", file));

        ScriptTranscript transcript = await TranscriptReader.ReadAsync(stream);

        Assert.Equal("minidump.ps1", transcript.ScriptName);
        Assert.Equal(0, transcript.ExitCode);
        Assert.Equal(DocsOutput, transcript.Output);
        Assert.Equal(string.Empty, transcript.Errors);
    }

    [Fact]
    public async Task The_older_member_names_are_accepted()
    {
        ScriptTranscript transcript = await Read("""{"name": "collect.ps1", "exit_code": 2, "script_output": "out", "script_error": "boom"}""");

        Assert.Equal("collect.ps1", transcript.ScriptName);
        Assert.Equal(2, transcript.ExitCode);
        Assert.Equal("out", transcript.Output);
        Assert.Equal("boom", transcript.Errors);
    }

    [Fact]
    public async Task Members_come_in_any_order_and_unknown_ones_are_skipped()
    {
        ScriptTranscript transcript = await Read(
            "\uFEFF{\"extra\": {\"nested\": [1, -2.5e3, true, false, null, {\"deep\": \"x\\\"y\"}]}, \"script_output\": \"o\", \"Exit_Code\": -1, \"script_errors\": null, \"more\": []}\n\0\0");

        Assert.Equal(string.Empty, transcript.ScriptName);
        Assert.Equal(-1, transcript.ExitCode);
        Assert.Equal("o", transcript.Output);
        Assert.Equal(string.Empty, transcript.Errors);
    }

    [Fact]
    public async Task Escapes_are_decoded_and_raw_control_characters_kept()
    {
        ScriptTranscript transcript = await Read(
            "{\"exit_code\":0,\"script_output\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\ud83d\\ude00 lone \\ud800 \\udc00 raw\ttab\u0001\r\nend\"}");

        Assert.Equal("q\" b\\ s/ \b\f\n\r\t é 😀 lone \uFFFD \uFFFD raw\ttab\u0001\r\nend", transcript.Output);
    }

    [Fact]
    public async Task Trailing_nul_padding_is_removed_and_inner_nuls_kept()
    {
        ScriptTranscript transcript = await Read("{\"exit_code\":0,\"script_output\":\"a\\u0000b\0c\0\0\\u0000\",\"script_errors\":\"e\\u0000\"}");

        Assert.Equal("a\0b\0c", transcript.Output);
        Assert.Equal("e", transcript.Errors);
    }

    [Fact]
    public async Task Nul_runs_that_cross_buffer_boundaries_are_handled()
    {
        string output = new string('a', 3000) + new string('\0', 9000) + "b" + new string('\0', 7000);
        var options = new TranscriptReaderOptions { BufferSize = 4096 };

        ScriptTranscript transcript = await Read($"{{\"exit_code\":0,\"script_output\":\"{output}\"}}", options);

        Assert.Equal(new string('a', 3000) + new string('\0', 9000) + "b", transcript.Output);
    }

    [Fact]
    public async Task Windows_exit_codes_above_int_MaxValue_keep_their_bit_pattern()
    {
        ScriptTranscript transcript = await Read("""{"exit_code": 3221225477, "script_output": ""}""");

        Assert.Equal(unchecked((int)0xC0000005), transcript.ExitCode);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("  [1, 2]", "a transcript is a JSON object, but the file starts with an array, at line 1, column 3 (byte offset 2)")]
    [InlineData("<html><body>Server error</body></html>", "the file starts with '<'")]
    [InlineData("{\"script_name\":\"a\",\"exit_code\":0,\"script_output\":\"abc", "ends unexpectedly inside the value of 'script_output', at line 1, column 54 (byte offset 53): the file is truncated")]
    [InlineData("{\"exit_code\":0,\"script_output\":\"\",\"extra\":[1,{\"a\":tru", "ends unexpectedly inside the value of 'extra'")]
    [InlineData("{\"exit_code\":0,\"script_output\":\"x\"", "ends unexpectedly after the value of 'script_output'")]
    [InlineData("{\"exit_code\":0}", "the transcript object has no 'script_output' member")]
    [InlineData("{\"script_output\":\"\"}", "the transcript object has no 'exit_code' member")]
    [InlineData("{\n  \"exit_code\": \"0\",\n  \"script_output\": \"\"\n}", "'exit_code' must be an integer, found a string, at line 2, column 16 (byte offset 17)")]
    [InlineData("{\"exit_code\":1.5,\"script_output\":\"\"}", "'exit_code' must be an integer, found 1.5")]
    [InlineData("{\"exit_code\":99999999999,\"script_output\":\"\"}", "does not fit a 32-bit exit code")]
    [InlineData("{\"exit_code\":-,\"script_output\":\"\"}", "'-' in the value of 'exit_code' is not a valid JSON number")]
    [InlineData("{\"exit_code\":0,\"script_output\":42}", "'script_output' must be a string, found a number")]
    [InlineData("{\"exit_code\":0,\"script_output\":{}}", "'script_output' must be a string, found an object")]
    [InlineData("{\"exit_code\":0,\"script_output\":\"\",\"script_errors\":\"\",\"script_error\":\"\"}", "'script_error' repeats 'script_errors'")]
    [InlineData("{\"name\":\"a\",\"script_name\":\"b\",\"exit_code\":0,\"script_output\":\"\"}", "'script_name' repeats 'name'")]
    [InlineData("{\"exit_code\":0,\"script_output\":\"\"} x", "unexpected 'x' after the end of the transcript object")]
    [InlineData("{\"exit_code\":0,\"script_output\":\"\\q\"}", "'\\q' in the value of 'script_output' is not a JSON escape sequence")]
    [InlineData("{\"exit_code\":0,\"script_output\":\"\\u12G4\"}", "'\\u12G4' in the value of 'script_output' is not a valid \\u escape")]
    [InlineData("{\"exit_code\" 0}", "expected ':' after the member name 'exit_code', found '0'")]
    [InlineData("{\"exit_code\":0 \"script_output\":\"\"}", "expected ',' or '}' after the value of 'exit_code', found '\"'")]
    [InlineData("{\"exit_code\":0,\"script_output\":\"\",}", "expected a member name in double quotes, found '}'")]
    [InlineData("{\"exit_code\":0,\"script_output\":\"\",\"x\":nope}", "expected a JSON value in the value of 'x', found 'n'")]
    public async Task Broken_transcripts_are_rejected_with_what_and_where(string json, string expected)
    {
        var error = await Assert.ThrowsAsync<TranscriptFormatException>(() => Read(json));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task The_error_position_is_exposed()
    {
        var error = await Assert.ThrowsAsync<TranscriptFormatException>(() => Read("{\n  \"exit_code\": true,\n  \"script_output\": \"\"\n}"));

        Assert.Equal(2, error.Line);
        Assert.Equal(16, error.Column);
        Assert.Equal(17, error.ByteOffset);
    }

    [Fact]
    public async Task The_in_memory_cap_fails_clearly_and_streaming_is_not_bound_by_it()
    {
        string json = $"{{\"exit_code\":0,\"script_output\":\"{new string('x', 5000)}\",\"script_error\":\"{new string('e', 10)}\"}}";
        var options = new TranscriptReaderOptions { MaxInMemoryLength = 1000 };

        var tooLarge = await Assert.ThrowsAsync<TranscriptTooLargeException>(() => Read(json, options));
        Assert.Equal("script_output", tooLarge.Member);
        Assert.Contains("MaxInMemoryLength (1,000 characters)", tooLarge.Message);

        var output = new MemoryStream();
        TranscriptSummary summary = await TranscriptReader.CopyOutputToAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), output, options);
        Assert.Equal(5000, summary.OutputBytes);
        Assert.Equal(new string('e', 10), summary.Errors);

        var errorsTooLarge = await Assert.ThrowsAsync<TranscriptTooLargeException>(
            () => TranscriptReader.CopyOutputToAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), Stream.Null, new TranscriptReaderOptions { MaxInMemoryLength = 5 }));
        Assert.Equal("script_error", errorsTooLarge.Member);
    }

    [Fact]
    public async Task The_output_can_be_written_to_a_text_writer()
    {
        var writer = new StringWriter();

        TranscriptSummary summary = await TranscriptReader.CopyOutputToAsync(
            new MemoryStream(Encoding.UTF8.GetBytes("{\"script_name\":\"s.ps1\",\"exit_code\":3,\"script_output\":\"caf\u00e9 \\ud83d\\ude00\\u0000\",\"script_errors\":\"warn\"}")),
            writer);

        Assert.Equal("café 😀", writer.ToString());
        Assert.Equal("s.ps1", summary.ScriptName);
        Assert.Equal(3, summary.ExitCode);
        Assert.Equal("warn", summary.Errors);
        Assert.Equal(Encoding.UTF8.GetByteCount("café 😀"), summary.OutputBytes);
    }

    [Fact]
    public async Task Saving_the_output_to_a_file_is_atomic()
    {
        string folder = Directory.CreateTempSubdirectory("mde-transcripts-").FullName;
        try
        {
            string path = Path.Combine(folder, "output.txt");
            File.WriteAllText(path, "previous");

            await Assert.ThrowsAsync<TranscriptFormatException>(() => TranscriptReader.SaveOutputToFileAsync(
                new MemoryStream(Encoding.UTF8.GetBytes("{\"exit_code\":0,\"script_output\":\"partial output then trunc")), path));
            Assert.Equal("previous", File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(folder));

            TranscriptSummary summary = await TranscriptReader.SaveOutputToFileAsync(
                new MemoryStream(Encoding.UTF8.GetBytes("{\"exit_code\":0,\"script_output\":\"line 1\\nline 2\\u0000\"}")), path);
            Assert.Equal("line 1\nline 2", File.ReadAllText(path));
            Assert.Equal(13, summary.OutputBytes);
            Assert.Equal([path], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<ScriptTranscript> Read(string json, TranscriptReaderOptions? options = null) =>
        TranscriptReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), options);
}
