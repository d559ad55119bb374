namespace Mde.Bindings.Benchmarks.Fleet;

/// <summary>
/// The shortest a fleet run can take from the service's limits alone: an exact simulation of a schedule that starts
/// each run at the first instant RunLiveResponse's rolling window (10 per minute) and the session limit (50 actions
/// at once, those of other apps included) allow, where every action ends exactly after its own pending time and script
/// duration and is seen the same instant (zero polling delay). Refused runs (busy, unknown devices) still spend their
/// permit, as the service counts every call; they hold no session.
/// </summary>
internal static class FleetBound
{
    public const int RunsPerWindow = 10;
    public static readonly TimeSpan RunWindow = TimeSpan.FromMinutes(1);
    public const int MaxSessions = 50;

    /// <summary>The schedule of the devices in the order given.</summary>
    /// <param name="heldSessions">When the sessions already open at the start (other apps' actions) end.</param>
    public static FleetSchedule Simulate(IEnumerable<FleetDevice> order, IReadOnlyList<TimeSpan> heldSessions)
    {
        var starts = new List<TimeSpan>();
        var sessionEnds = new List<TimeSpan>(heldSessions);
        TimeSpan now = TimeSpan.Zero;
        TimeSpan makespan = TimeSpan.Zero;
        int peak = sessionEnds.Count;
        bool capBound = false;
        foreach (FleetDevice device in order)
        {
            // A call stays in the rolling window while it is less than a window old (the emulator's rule).
            if (starts.Count >= RunsPerWindow)
            {
                now = Max(now, starts[^RunsPerWindow] + RunWindow);
            }

            if (device.OpensSession)
            {
                while (sessionEnds.Count(end => end > now) >= MaxSessions)
                {
                    capBound = true;
                    now = sessionEnds.Where(end => end > now).Min();
                }
            }

            starts.Add(now);
            TimeSpan ends = device.OpensSession ? now + FleetPlan.Pending + device.ScriptDuration : now;
            if (device.OpensSession)
            {
                sessionEnds.Add(ends);
                peak = Math.Max(peak, sessionEnds.Count(end => end > now));
            }

            makespan = Max(makespan, ends);
        }

        return new FleetSchedule(makespan, starts.Count > 0 ? starts[^1] : TimeSpan.Zero, peak, capBound);
    }

    /// <summary>
    /// The best order for a scheduler that knew every script's duration in advance (no client does): longest scripts
    /// first, refused runs last. While the session limit does not bind, no order finishes sooner (the longest work
    /// takes the earliest start slots).
    /// </summary>
    public static IEnumerable<FleetDevice> LongestFirst(IEnumerable<FleetDevice> devices) =>
        devices.OrderByDescending(d => d.OpensSession).ThenByDescending(d => d.OpensSession ? d.ScriptDuration : TimeSpan.Zero);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>A simulated schedule: when the last action ended, when the last run started, the most sessions open at once.</summary>
internal sealed record FleetSchedule(TimeSpan Makespan, TimeSpan LastStart, int PeakSessions, bool SessionLimitBound);
