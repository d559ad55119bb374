using System.Globalization;
using System.Text.Json;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Benchmarks.Fleet;

/// <summary>
/// A fleet run at the service's own limits: at least 600 devices on the emulator, whose clock and rate-limit windows
/// run <c>--time-scale</c> times faster (60 by default: a simulated hour in one real minute), against the lower bound
/// the limits alone allow (<see cref="FleetBound"/>). Ours is <see cref="LiveResponseClient.RunManyAsync"/>; the baseline
/// is per-action polling, <see cref="LiveResponseClient.RunAsync"/> per device under the same session cap. Each side
/// gets a fresh emulator with the same fleet, in the same process run.
/// </summary>
internal static class FleetBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int devices = BenchmarkOptions.Int(args, "--devices", 600, minimum: 20);
        double timeScale = BenchmarkOptions.Double(args, "--time-scale", 60, minimum: 30, maximum: 600);
        int seed = BenchmarkOptions.Int(args, "--seed", 12, minimum: 0);
        bool skipBaseline = args.Contains("--no-baseline");

        // The client limiter's margin on each window: the library's default unless a run is made to see what latency costs.
        double margin = BenchmarkOptions.Double(args, "--safety-margin", MultiWindowRateLimiterOptions.DefaultSafetyMargin, minimum: 0, maximum: 0.5);
        FleetPlan plan = FleetPlan.Create(devices, failing: 5, busy: 3, unknown: 3, seed);

        TimeSpan[] held = [.. plan.Devices.Where(d => d.Kind == FleetDeviceKind.Busy).Select(d => FleetPlan.Pending + d.ScriptDuration)];
        FleetSchedule bound = FleetBound.Simulate(plan.Devices, held);
        FleetSchedule clairvoyant = FleetBound.Simulate(FleetBound.LongestFirst(plan.Devices), held);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fleet: {devices} devices ({plan.Count(FleetDeviceKind.Runs)} run, {plan.Count(FleetDeviceKind.Fails)} fail, {plan.Count(FleetDeviceKind.Busy)} busy, {plan.Count(FleetDeviceKind.Unknown)} unknown), scripts {FleetPlan.ShortestScript.TotalSeconds:0} s to {FleetPlan.LongestScript.TotalMinutes:0} min (seed {seed}), time scale {timeScale:0.##}x: a simulated hour in {3600 / timeScale:0.#} s; client safety margin {margin:P1}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bound, limits alone, list order:       {Minutes(bound.Makespan)} (last run starts at {Minutes(bound.LastStart)}; peak sessions {bound.PeakSessions} of {FleetBound.MaxSessions}{(bound.SessionLimitBound ? ", the session limit binds" : string.Empty)})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bound, longest scripts first (needs every duration in advance): {Minutes(clairvoyant.Makespan)} (peak sessions {clairvoyant.PeakSessions})"));

        // A small fleet through both sides first, not counted: at this time scale a millisecond of JIT compilation is
        // 60 ms of the emulator's time, enough to reorder calls that the limiter spaced by its safety margin.
        FleetPlan warmUp = FleetPlan.Create(12, failing: 1, busy: 1, unknown: 1, seed);
        await FleetRun.RunAsync("warm-up", warmUp, timeScale, margin, RunManyAsync);
        await FleetRun.RunAsync("warm-up", warmUp, timeScale, margin, RunEachAsync);

        FleetRunResult ours = await FleetRun.RunAsync("ours: RunManyAsync", plan, timeScale, margin, RunManyAsync);
        Print(ours, bound, devices, header: true);

        FleetRunResult? baseline = null;
        if (!skipBaseline)
        {
            baseline = await FleetRun.RunAsync("baseline: per-action polling", plan, timeScale, margin, RunEachAsync);
            Print(baseline, bound, devices, header: false);
        }

        foreach (FleetRunResult side in new[] { ours, baseline }.OfType<FleetRunResult>())
        {
            if (side.Server429 > 0)
            {
                Console.WriteLine($"{side.Name}: 429s by operation: {side.Server429By}");
            }

            foreach (string problem in side.Unexpected.Take(10))
            {
                Console.WriteLine($"{side.Name}: unexpected outcome: {problem}");
            }
        }

        var json = new Dictionary<string, object>
        {
            ["benchmark"] = "fleet",
            ["devices"] = devices,
            ["throughput_ratio"] = Ratio(bound, ours),
            ["server_429"] = ours.Server429,
            ["poll_calls_per_device"] = Math.Round((double)ours.Polls / devices, 3),
            ["bound_minutes"] = Math.Round(bound.Makespan.TotalMinutes, 2),
            ["our_minutes"] = Math.Round(ours.Elapsed.TotalMinutes, 2),
            ["time_scale"] = timeScale,
            ["safety_margin"] = margin,
            ["unexpected_outcomes"] = ours.Unexpected.Count,
        };
        if (baseline is not null)
        {
            json["baseline"] = new Dictionary<string, object>
            {
                ["name"] = "per-action-polling",
                ["throughput_ratio"] = Ratio(bound, baseline),
                ["server_429"] = baseline.Server429,
                ["poll_calls_per_device"] = Math.Round((double)baseline.Polls / devices, 3),
                ["minutes"] = Math.Round(baseline.Elapsed.TotalMinutes, 2),
                ["unexpected_outcomes"] = baseline.Unexpected.Count,
            };
        }

        Console.WriteLine(JsonSerializer.Serialize(json));
        return ours.Unexpected.Count == 0 && (baseline?.Unexpected.Count ?? 0) == 0 ? 0 : 1;
    }

    /// <summary>Ours: the fleet runner, held to the session cap.</summary>
    private static Task<IReadOnlyList<MachineRunOutcome>> RunManyAsync(LiveResponseClient client, IReadOnlyList<string> machineIds) =>
        client.RunManyAsync(machineIds, FleetRun.Commands, new LiveResponseRunOptions { MaxConcurrency = FleetBound.MaxSessions });

    /// <summary>Today's per-action polling: one <see cref="LiveResponseClient.RunAsync"/> per device, each polling its own action, at most 50 at once.</summary>
    private static async Task<IReadOnlyList<MachineRunOutcome>> RunEachAsync(LiveResponseClient client, IReadOnlyList<string> machineIds)
    {
        using var sessions = new SemaphoreSlim(FleetBound.MaxSessions);
        return await Task.WhenAll(machineIds.Select(async id =>
        {
            await sessions.WaitAsync();
            try
            {
                return MachineRunOutcome.Success(id, await client.RunAsync(id, FleetRun.Commands));
            }
            catch (Exception ex)
            {
                return MachineRunOutcome.Failure(id, ex);
            }
            finally
            {
                sessions.Release();
            }
        }));
    }

    private static double Ratio(FleetSchedule bound, FleetRunResult side) => Math.Round(bound.Makespan / side.Elapsed, 4);

    private static string Minutes(TimeSpan time) => time.TotalMinutes.ToString("0.00", CultureInfo.InvariantCulture) + " min";

    private static void Print(FleetRunResult side, FleetSchedule bound, int devices, bool header)
    {
        if (header)
        {
            Console.WriteLine($"{"side",-30} {"simulated",12} {"real",8} {"ratio",7} {"runs",6} {"polls",7} {"polls/device",13} {"links",6} {"429s",5} {"unexpected",11}");
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{side.Name,-30} {Minutes(side.Elapsed),12} {side.Real.TotalSeconds,7:0.0}s {Ratio(bound, side),7:0.000} {side.Runs,6} {side.Polls,7} {(double)side.Polls / devices,13:0.000} {side.LinkCalls,6} {side.Server429,5} {side.Unexpected.Count,11}"));
    }
}
