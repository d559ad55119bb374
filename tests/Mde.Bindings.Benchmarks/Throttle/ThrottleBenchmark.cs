using System.Globalization;
using System.Text.Json;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Benchmarks.Throttle;

/// <summary>
/// <c>throttle</c>: how much of an operation's quota a limiter uses, and how many 429s a strict server answers,
/// with 64 concurrent callers over two simulated hours from idle. The server enforces 100/minute and 1500/hour
/// on rolling windows; the most it can accept in two hours is 3000. Ours (the library default) against the BCL's
/// chained sliding-window limiters, both on the same simulated clock.
/// </summary>
internal static class ThrottleBenchmark
{
    private const int Callers = 64;
    private static readonly TimeSpan s_duration = TimeSpan.FromHours(2);

    private static readonly EndpointDescription s_endpoint = new(
        "LiveResponse",
        "GetLiveResponseResultDownloadLink",
        "GET",
        "/api/machineactions/{machineActionId}/GetLiveResponseResultDownloadLink(index={commandIndex})",
        ["Machine.LiveResponse"],
        ["Machine.LiveResponse"],
        [new RateLimitWindow(100, TimeSpan.FromMinutes(1)), new RateLimitWindow(1500, TimeSpan.FromHours(1))]);

    public static Task<int> RunAsync(string[] args)
    {
        // A run of length D fits in ceil(D / W) windows of length W, each admitting at most its limit; the tightest
        // window bounds the run: 2 x 1500 = 3000 for the hour (the minute window alone would allow 12000).
        int mostAllowed = s_endpoint.Limits.Min(l => (int)Math.Ceiling(s_duration / l.Window) * l.PermitLimit);
        var simulation = new ThrottleSimulation(s_endpoint, Callers, s_duration);

        SimulationResult ours = simulation.Run(clock => new ExactLimiterUnderTest(
            $"exact (MultiWindowRateLimiter, safety margin {MultiWindowRateLimiterOptions.DefaultSafetyMargin:P0})", s_endpoint, clock, MultiWindowRateLimiterOptions.DefaultSafetyMargin));
        SimulationResult noMargin = simulation.Run(clock => new ExactLimiterUnderTest("exact, no safety margin", s_endpoint, clock, 0));
        SimulationResult baseline = simulation.Run(_ => new BclChainUnderTest(
            $"BCL SlidingWindowRateLimiter x{s_endpoint.Limits.Count} chained ({BclChainUnderTest.SegmentsPerWindow} segments)", s_endpoint));

        Console.WriteLine($"throttle: {Callers} concurrent callers, {s_duration.TotalHours:0} simulated hours from idle, against a server enforcing {string.Join(" + ", s_endpoint.Limits)} on rolling windows (a strict log); 50-250 ms network latency per call.");
        Console.WriteLine($"The most the limits allow in that time: {mostAllowed} calls.");
        Console.WriteLine();
        Console.WriteLine($"{"limiter",-58} {"sent",6} {"accepted",9} {"429s",6} {"utilization",12} {"first 429",10} {"events",7} {"wall",8}");
        foreach (SimulationResult r in new[] { ours, noMargin, baseline })
        {
            string first429 = r.First429 is { } t ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "-";
            Console.WriteLine($"{r.Name,-58} {r.Sent,6} {r.Accepted,9} {r.TooManyRequests,6} {r.Utilization(mostAllowed),12:0.0000} {first429,10} {r.Events,7} {r.WallTime.TotalSeconds,7:0.00}s");
        }

        Console.WriteLine();
        Console.WriteLine($"429 share of calls sent: ours {Share(ours):P2}, without margin {Share(noMargin):P2}, baseline {Share(baseline):P2}. Goal: utilization >= 0.99 and zero 429s.");

        var line = new
        {
            benchmark = "throttle",
            utilization = Math.Round(ours.Utilization(mostAllowed), 4),
            server_429 = ours.TooManyRequests,
            baseline = new
            {
                name = "bcl-chained-sliding-window",
                utilization = Math.Round(baseline.Utilization(mostAllowed), 4),
                server_429 = baseline.TooManyRequests,
            },
        };
        Console.WriteLine(JsonSerializer.Serialize(line));
        return Task.FromResult(0);
    }

    private static double Share(SimulationResult r) => r.Sent == 0 ? 0 : (double)r.TooManyRequests / r.Sent;
}
