using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mde.Bindings.Testing;

namespace Mde.Bindings.Benchmarks.Distributed;

/// <summary>
/// <c>throttle-distributed</c>: 4 worker processes of one app registration against one strict server, sharing the
/// limits through one Redis-protocol server (<c>redis-server</c>, or Garnet in this process), compared in the same run
/// with per-process in-process limiters (the baseline), then the shared run again with the server killed and restarted
/// in the middle. The live response limits are scaled 60 times
/// faster (100/second + 1500/minute for 100/minute + 1500/hour: Redis keeps real time), over two scaled hours
/// (2 minutes), so the most the server can accept is 3000 calls. Last, the RedisRateLimiting package's sliding window
/// is measured on the points that rule it out.
/// </summary>
/// <remarks>
/// Options: <c>--seconds N</c> (default 120) shortens every run for a quick look; the figures then compare with a
/// smaller maximum. <c>--server redis|garnet</c> chooses the server (default: redis when <c>redis-server</c> is
/// installed, else garnet). Garnet serves neither CLIENT PAUSE nor MONITOR, which the RedisRateLimiting comparison
/// needs, so that part runs on redis only.
/// </remarks>
internal static class DistributedThrottleBenchmark
{
    private const int Processes = 4;
    private const int CallersPerProcess = 16;

    /// <summary>
    /// Time runs 60 times faster here, network jitter does not: the default margin (1%: 0.6 s on the real one-minute
    /// window) would be 10 ms on the scaled one-second window, less than a loaded machine's jitter between a grant and
    /// the call's arrival. 5% is 50 ms on it (3 s on the scaled minute); ours and the baseline use the same.
    /// </summary>
    private const double SafetyMargin = 0.05;

    public static readonly EndpointDescription Endpoint = new(
        "LiveResponse",
        "GetLiveResponseResultDownloadLink",
        "GET",
        "/api/machineactions/{machineActionId}/GetLiveResponseResultDownloadLink(index={commandIndex})",
        ["Machine.LiveResponse"],
        ["Machine.LiveResponse"],
        [new RateLimitWindow(100, TimeSpan.FromSeconds(1)), new RateLimitWindow(1500, TimeSpan.FromMinutes(1))]);

    public static async Task<int> RunAsync(string[] args)
    {
        double seconds = 120;
        string serverName = RedisServerProcess.IsInstalled ? TestKeyValueServers.Redis : TestKeyValueServers.Garnet;
        for (int i = 0; i < args.Length; i += 2)
        {
            string? value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0:
                    seconds = s;
                    break;
                case "--server" when value is TestKeyValueServers.Redis or TestKeyValueServers.Garnet:
                    serverName = value;
                    break;
                default:
                    Console.Error.WriteLine($"throttle-distributed: '{args[i]} {value}' is not an option. Options: --seconds N (a positive number, default 120), --server redis|garnet (default: redis when redis-server is installed, else garnet).");
                    return 2;
            }
        }

        TimeSpan duration = TimeSpan.FromSeconds(seconds);
        int mostAllowed = Endpoint.Limits.Min(l => (int)Math.Ceiling(duration / l.Window) * l.PermitLimit);

        using ITestKeyValueServer redis = TestKeyValueServers.StartNew(serverName);
        await using StrictRollingServer server = await StrictRollingServer.StartAsync(Endpoint.Limits);
        Console.WriteLine($"throttle-distributed: {Processes} worker processes x {CallersPerProcess} callers, {seconds:0} s each run, against a strict server enforcing {string.Join(" + ", Endpoint.Limits)} on rolling windows (the live response limits 60x faster), safety margin {SafetyMargin:P0}. Shared limits on {redis.Description}.");
        Console.WriteLine($"The most the limits allow in that time: {mostAllowed} calls.");
        Console.WriteLine();

        RunResult shared = await RunAsync($"shared limits on {redis.Name}", "redis", redis, server, duration, fault: null);
        RunResult baseline = await RunAsync("in-process ExactRateLimiterProvider per process", "local", redis, server, duration, fault: null);
        var fault = new FaultPlan(KillAt: duration / 3, RestartAt: (duration / 2) + TimeSpan.FromSeconds(5));
        RunResult faulted = await RunAsync($"shared limits on {redis.Name}, {redis.Name} killed and restarted", "redis", redis, server, duration, fault);

        Console.WriteLine($"{"run",-52} {"sent",6} {"accepted",9} {"429s",6} {"utilization",12} {"peak/1s",8} {"peak/60s",9} {"wall",7}");
        foreach (RunResult r in new[] { shared, baseline, faulted })
        {
            Console.WriteLine($"{r.Name,-52} {r.Sent,6} {r.Accepted,9} {r.TooManyRequests,6} {r.Utilization(mostAllowed),12:0.0000} {r.PeakPerSecond,8} {r.PeakPerMinute,9} {r.Wall.TotalSeconds,6:0.0}s");
        }

        Console.WriteLine($"Fault run: {redis.Name} killed at {fault.KillAt.TotalSeconds:0} s and restarted at {fault.RestartAt.TotalSeconds:0} s; {faulted.ArrivalsDuringOutage} calls reached the server during the outage (each worker's share: {string.Join(" + ", Endpoint.Limits.Select(l => $"{l.PermitLimit / Processes}/{l}"))}).");
        Console.WriteLine("Peak columns: the most calls that reached the server (accepted or not) in any rolling second / minute; the server accepts at most 100 / 1500.");
        Console.WriteLine("Goal: utilization >= 0.95 with zero 429s for the shared limits.");
        Console.WriteLine();

        RedisRateLimitingFindings? findings = null;
        if (redis.Name == TestKeyValueServers.Redis)
        {
            findings = await RedisRateLimitingComparison.MeasureAsync(redis.Configuration);
            findings.Print();
        }
        else
        {
            Console.WriteLine("RedisRateLimiting comparison: not run, it needs CLIENT PAUSE and MONITOR, which Garnet does not serve (run with --server redis).");
        }

        Console.WriteLine();

        var line = new
        {
            benchmark = "throttle-distributed",
            server = redis.Name,
            processes = Processes,
            safety_margin = SafetyMargin,
            utilization = Math.Round(shared.Utilization(mostAllowed), 4),
            server_429 = shared.TooManyRequests,
            baseline = new
            {
                name = "in-process-limiter-per-process",
                utilization = Math.Round(baseline.Utilization(mostAllowed), 4),
                server_429 = baseline.TooManyRequests,
            },
            fault = new
            {
                utilization = Math.Round(faulted.Utilization(mostAllowed), 4),
                server_429 = faulted.TooManyRequests,
                outage_seconds = (fault.RestartAt - fault.KillAt).TotalSeconds,
                calls_during_outage = faulted.ArrivalsDuringOutage,
                peak_per_second = faulted.PeakPerSecond,
                finished = faulted.AllWorkersFinished,
            },
            redis_rate_limiting = findings?.ToJson(),
        };
        Console.WriteLine(JsonSerializer.Serialize(line));
        return 0;
    }

    private static async Task<RunResult> RunAsync(string name, string mode, ITestKeyValueServer redis, StrictRollingServer server, TimeSpan duration, FaultPlan? fault)
    {
        server.Reset();
        string prefix = "bench:" + Guid.NewGuid().ToString("N")[..8] + ":";
        Console.WriteLine($"run: {name} ...");
        var workers = Enumerable.Range(0, Processes).Select(i => WorkerProcess.Start(i, new DistributedWorker.WorkerArguments(
            mode, server.Address, mode == "redis" ? redis.Configuration : null, duration.TotalSeconds, Processes, CallersPerProcess, prefix, SafetyMargin))).ToArray();
        await Task.WhenAll(workers.Select(w => w.ReadyAsync()));
        server.Reset();
        var wall = Stopwatch.StartNew();
        long started = Stopwatch.GetTimestamp();
        foreach (WorkerProcess worker in workers)
        {
            worker.Go();
        }

        long outageFrom = 0, outageTo = 0;
        if (fault is not null)
        {
            await Task.Delay(fault.KillAt);
            outageFrom = Stopwatch.GetTimestamp();
            redis.Kill();
            Console.WriteLine($"  {redis.Name} killed at {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
            await Task.Delay(fault.RestartAt - fault.KillAt);
            redis.Start();
            outageTo = Stopwatch.GetTimestamp();
            Console.WriteLine($"  {redis.Name} restarted at {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s ({redis.Description})");
        }

        WorkerResult[] results = await Task.WhenAll(workers.Select(w => w.WaitAsync(duration + TimeSpan.FromMinutes(1))));
        var result = new RunResult(
            name,
            results.Sum(r => r.Sent),
            server.Accepted,
            server.TooManyRequests,
            server.PeakArrivals(TimeSpan.FromSeconds(1)),
            server.PeakArrivals(TimeSpan.FromMinutes(1)),
            fault is null ? 0 : server.ArrivalsBetween(outageFrom, outageTo),
            results.All(r => r.Finished),
            wall.Elapsed);
        Console.WriteLine($"  accepted {result.Accepted}, 429s {result.TooManyRequests}, workers {string.Join(", ", results.Select(r => $"{r.Sent} sent"))}");
        return result;
    }

    private sealed record FaultPlan(TimeSpan KillAt, TimeSpan RestartAt);

    private sealed record RunResult(string Name, int Sent, int Accepted, int TooManyRequests, int PeakPerSecond, int PeakPerMinute, int ArrivalsDuringOutage, bool AllWorkersFinished, TimeSpan Wall)
    {
        public double Utilization(int mostAllowed) => (double)Accepted / mostAllowed;
    }
}
