using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Tests;

/// <summary>The progress of a run over many devices: one line in place on a terminal, plain lines otherwise.</summary>
public sealed class FleetProgressRendererTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_terminal_gets_one_line_redrawn_in_place_with_counts_rate_and_time_left()
    {
        var clock = new ManualClock(Start);
        var stderr = new StringWriter();
        var renderer = new FleetProgressRenderer(stderr, isTerminal: true, totalDevices: 30, clock);

        // Ten runs a minute for two minutes; each device takes two minutes; one busy device fails without an action.
        for (int i = 0; i < 20; i++)
        {
            clock.Now = Start + TimeSpan.FromSeconds(6 * i);
            renderer.Report(new LiveResponseProgress($"d{i}", $"a{i}", MachineActionState.Pending, []));
        }

        renderer.Report(new LiveResponseProgress("busy", null, MachineActionState.Unknown, []) { Error = "Device busy already runs a live response action." });
        clock.Now = Start + TimeSpan.FromMinutes(2);
        renderer.Report(new LiveResponseProgress("d0", "a0", MachineActionState.Succeeded, ["Completed"]));
        renderer.Report(new LiveResponseProgress("d1", "a1", MachineActionState.InProgress, ["Executing"]));

        string output = stderr.ToString();
        Assert.DoesNotContain('\n', output);
        string last = output[(output.LastIndexOf("\r\u001b[2K", StringComparison.Ordinal) + 5)..];
        Assert.StartsWith("mde-lr: 2/30 done (1 ok, 1 failed), 1 running, 18 pending, 9 queued, 10.0 runs/min, ", last);

        // 9 devices to start at 10 a minute, then a device's two minutes.
        Assert.EndsWith("about 3 min left", last);
    }

    [Fact]
    public void Without_a_terminal_each_change_is_a_plain_line_and_the_summary_comes_at_the_end()
    {
        var clock = new ManualClock(Start);
        var stderr = new StringWriter();
        var renderer = new FleetProgressRenderer(stderr, isTerminal: false, totalDevices: 2, clock);

        renderer.Report(new LiveResponseProgress("d1", "a1", MachineActionState.Pending, []));
        renderer.Report(new LiveResponseProgress("d2", null, MachineActionState.Unknown, []) { Error = "not found" });
        clock.Now = Start + TimeSpan.FromSeconds(40);
        renderer.Report(new LiveResponseProgress("d1", "a1", MachineActionState.Succeeded, ["Completed"]));

        string[] lines = stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.Contains('\u001b'));
        Assert.Contains("d1: Pending", lines);
        Assert.Contains("d2: Unknown: not found", lines);
        Assert.Contains("d1: Succeeded [Completed]", lines);
        Assert.Equal("mde-lr: 2/2 done (1 ok, 1 failed), 0 running, 0 pending, 0 queued, 1.5 runs/min", lines[^1]);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
