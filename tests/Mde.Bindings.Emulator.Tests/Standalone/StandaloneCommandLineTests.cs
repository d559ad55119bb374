using Mde.Bindings.Emulator.Standalone;

namespace Mde.Bindings.Emulator.Tests.Standalone;

/// <summary>
/// The standalone emulator's option ranges are parse errors, as <c>mde-lr</c>'s are: every mistake on one line, exit
/// code 2, and nothing started. In-process, so that each rule is checked without a process per case.
/// </summary>
public sealed class StandaloneCommandLineTests
{
    [Fact]
    public async Task Every_value_out_of_range_is_named_on_one_line_and_nothing_starts()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        bool started = false;

        int exitCode = await StandaloneCommandLine.RunAsync(
            ["--port", "70000", "--storage-port", "-1", "--devices", "10000", "--time-scale", "0"], output, error, () => { started = true; return Task.CompletedTask; });

        Assert.Equal(StandaloneCommandLine.UsageExitCode, exitCode);
        Assert.False(started);
        Assert.Empty(output.ToString());
        string line = Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.StartsWith("mde-lr emulator: ", line, StringComparison.Ordinal);
        Assert.Contains("--port takes a port number from 0 to 65535, not 70000.", line, StringComparison.Ordinal);
        Assert.Contains("--storage-port takes a port number from 0 to 65535, not -1.", line, StringComparison.Ordinal);
        Assert.Contains("--devices takes a number from 0 to 9999, not 10000.", line, StringComparison.Ordinal);
        Assert.Contains("--time-scale takes a number above 0 and up to 3600 (2 runs twice as fast), not 0.", line, StringComparison.Ordinal);
        Assert.EndsWith("Run with --help for the options.", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "http")]
    [InlineData("--time-scale", "fast")]
    public async Task A_value_the_parser_cannot_read_is_reported_once_without_a_range_error(string option, string value)
    {
        var error = new StringWriter();

        int exitCode = await StandaloneCommandLine.RunAsync([option, value], new StringWriter(), error, () => Task.CompletedTask);

        Assert.Equal(StandaloneCommandLine.UsageExitCode, exitCode);
        string line = Assert.Single(error.ToString().TrimEnd().Split('\n'));
        Assert.Contains(value, line, StringComparison.Ordinal);
        Assert.DoesNotContain(" takes ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_largest_values_in_range_start_the_emulator()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exitCode = await StandaloneCommandLine.RunAsync(["--port", "0", "--devices", "9999", "--time-scale", "3600"], output, error, () => Task.CompletedTask);

        Assert.True(exitCode == 0, error.ToString());
        Assert.Contains("device-0001 … device-9999", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Time scale:    3600x", output.ToString(), StringComparison.Ordinal);
    }
}
