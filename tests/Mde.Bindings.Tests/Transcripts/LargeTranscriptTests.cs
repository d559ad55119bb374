using System.Diagnostics;
using System.Text;
using Mde.Bindings.Transcripts;
using Xunit.Abstractions;

namespace Mde.Bindings.Tests.Transcripts;

/// <summary>
/// A 200 MB <c>script_output</c>, generated on the fly, streamed through the reader. The streams complete
/// synchronously, so the whole read runs on the test's thread and the bytes it allocates can be counted exactly.
/// </summary>
public sealed class LargeTranscriptTests(ITestOutputHelper output)
{
    private const long OutputSize = 200L * 1024 * 1024;
    private const long AllocationBudget = 4L * 1024 * 1024;

    [Fact]
    public async Task A_200_MB_output_streams_to_a_stream_within_a_bounded_allocation()
    {
        var input = new GeneratedTranscriptStream(OutputSize);
        var destination = new PatternCheckingStream(GeneratedTranscriptStream.DecodedPatternBytes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        Task<TranscriptSummary> read = TranscriptReader.CopyOutputToAsync(input, destination);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"stream: {input.OutputBytes:N0} output bytes, {allocated:N0} bytes allocated, {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s (information only)");

        Assert.True(read.IsCompletedSuccessfully, "the read should have completed synchronously over synchronous streams");
        TranscriptSummary summary = await read;
        Assert.Equal(input.OutputBytes, destination.Written);
        Assert.Equal(input.OutputBytes, summary.OutputBytes);
        Assert.True(input.OutputBytes >= OutputSize);
        Assert.Equal(0, destination.Mismatches);
        Assert.Equal("big.ps1", summary.ScriptName);
        Assert.Equal(7, summary.ExitCode);
        Assert.Equal("done", summary.Errors);
        Assert.True(allocated < AllocationBudget, $"reading {input.OutputBytes:N0} output bytes allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task A_200_MB_output_streams_to_a_text_writer_within_a_bounded_allocation()
    {
        var input = new GeneratedTranscriptStream(OutputSize);
        var writer = new CountingTextWriter();

        long before = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        Task<TranscriptSummary> read = TranscriptReader.CopyOutputToAsync(input, writer);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"text writer: {input.OutputBytes:N0} output bytes, {allocated:N0} bytes allocated, {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s (information only)");

        Assert.True(read.IsCompletedSuccessfully, "the read should have completed synchronously over synchronous writers");
        await read;
        long patterns = input.OutputBytes / GeneratedTranscriptStream.DecodedPatternBytes.Length;
        Assert.Equal(patterns * GeneratedTranscriptStream.DecodedPattern.Length, writer.Characters);
        Assert.Equal(patterns * 2, writer.LineFeeds);
        Assert.True(allocated < AllocationBudget, $"reading {input.OutputBytes:N0} output bytes allocated {allocated:N0} bytes");
    }

    /// <summary>Counts what is written and keeps nothing.</summary>
    private sealed class CountingTextWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public long Characters { get; private set; }

        public long LineFeeds { get; private set; }

        public override void Write(char value)
        {
            Characters++;
            LineFeeds += value == '\n' ? 1 : 0;
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            Characters += buffer.Length;
            LineFeeds += buffer.Span.Count('\n');
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override Task FlushAsync() => Task.CompletedTask;
    }
}
