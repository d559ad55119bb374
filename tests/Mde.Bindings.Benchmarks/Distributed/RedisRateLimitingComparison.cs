using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Mde.Bindings.Redis;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Mde.Bindings.Benchmarks.Distributed;

/// <summary>
/// Measures the RedisRateLimiting package's sliding window (and ours, the same way) on the four points that rule it out
/// for this library: does a caller wait for a permit, is the cancellation token honoured, whose clock times the window,
/// and can two windows be enforced together.
/// </summary>
internal static partial class RedisRateLimitingComparison
{
    public static async Task<RedisRateLimitingFindings> MeasureAsync(string configuration)
    {
        using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        string run = Guid.NewGuid().ToString("N")[..8];
        var window = new RateLimitWindow(2, TimeSpan.FromSeconds(2));

        // 1. A third call in a 2/2s window: theirs answers at once, refused; ours waits for the permit.
        RateLimiter theirs = Sliding(redis, "wait-" + run, window);
        await Drain(theirs, 2);
        (bool theirsGranted, TimeSpan theirsTook) = await Timed(theirs.AcquireAsync(1).AsTask());

        await using var ours = new RedisRateLimiterProvider(redis, "compare", run, new Mde.Bindings.Redis.RedisRateLimiterOptions { KeyPrefix = "compare:", SafetyMargin = 0 });
        EndpointDescription endpoint = Describe("Wait", [window]);
        RateLimiter mine = ours.GetLimiter(endpoint);
        await Drain(mine, 2);
        (bool oursGranted, TimeSpan oursTook) = await Timed(mine.AcquireAsync(1).AsTask());

        // 2. A call whose token is already cancelled.
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        RateLimiter theirsCancel = Sliding(redis, "cancel-" + run, new RateLimitWindow(5, TimeSpan.FromSeconds(10)));
        string theirsOnCancel = await Outcome(theirsCancel, cancelled.Token);
        string oursOnCancel = await Outcome(ours.GetLimiter(Describe("Cancel", [new(5, TimeSpan.FromSeconds(10))])), cancelled.Token);
        long theirsSpentOnCancel = await CountEntries(redis, "cancel-" + run);

        // 2b. A caller that gives up after 100 ms while Redis stalls (CLIENT PAUSE holds every command for 1 s).
        (string theirsStalled, TimeSpan theirsStalledTook) = await CancelWhileStalled(configuration, Sliding(redis, "stall-" + run, window));
        (string oursStalled, TimeSpan oursStalledTook) = await CancelWhileStalled(configuration, ours.GetLimiter(Describe("Stall", [window])));

        // 3. Whose clock: what each limiter sends to Redis, seen through MONITOR.
        ClockFinding theirsClock = await WatchClock(configuration, () => Sliding(redis, "clock-" + run, window).AcquireAsync(1).AsTask());
        ClockFinding oursClock = await WatchClock(configuration, () => ours.GetLimiter(Describe("Clock", [window])).AcquireAsync(1).AsTask());

        // 4. Two windows, 10/10s and 3/10s, chained with RateLimiter.CreateChained: 10 calls in a row.
        RateLimiter minute = Sliding(redis, "chain-a-" + run, new RateLimitWindow(10, TimeSpan.FromSeconds(10)));
        RateLimiter hour = Sliding(redis, "chain-b-" + run, new RateLimitWindow(3, TimeSpan.FromSeconds(10)));
        RateLimiter chain = RateLimiter.CreateChained(minute, hour);
        int chainGranted = 0;
        for (int i = 0; i < 10; i++)
        {
            using RateLimitLease lease = await chain.AcquireAsync(1);
            chainGranted += lease.IsAcquired ? 1 : 0;
        }

        long firstWindowSpent = await CountEntries(redis, "chain-a-" + run);
        using RateLimitLease afterChain = await minute.AcquireAsync(1);

        return new RedisRateLimitingFindings(
            theirsGranted, theirsTook, oursGranted, oursTook,
            theirsOnCancel, theirsSpentOnCancel, oursOnCancel,
            theirsStalled, theirsStalledTook, oursStalled, oursStalledTook,
            theirsClock, oursClock,
            chainGranted, firstWindowSpent, afterChain.IsAcquired);
    }

    private static RateLimiter Sliding(ConnectionMultiplexer redis, string key, RateLimitWindow window) =>
        new RedisSlidingWindowRateLimiter<string>(key, new RedisSlidingWindowRateLimiterOptions
        {
            ConnectionMultiplexerFactory = () => redis,
            PermitLimit = window.PermitLimit,
            Window = window.Window,
        });

    private static EndpointDescription Describe(string name, RateLimitWindow[] limits) =>
        new("Compare", name, "GET", "/" + name, ["Machine.LiveResponse"], [], limits);

    private static async Task Drain(RateLimiter limiter, int permits)
    {
        for (int i = 0; i < permits; i++)
        {
            using RateLimitLease lease = await limiter.AcquireAsync(1);
            if (!lease.IsAcquired)
            {
                throw new InvalidOperationException("A fresh window refused a permit.");
            }
        }
    }

    private static async Task<(bool Granted, TimeSpan Took)> Timed(Task<RateLimitLease> acquire)
    {
        long start = Stopwatch.GetTimestamp();
        using RateLimitLease lease = await acquire;
        return (lease.IsAcquired, Stopwatch.GetElapsedTime(start));
    }

    private static async Task<string> Outcome(RateLimiter limiter, CancellationToken cancelled)
    {
        try
        {
            using RateLimitLease lease = await limiter.AcquireAsync(1, cancelled);
            return lease.IsAcquired ? "granted a permit" : "refused";
        }
        catch (OperationCanceledException)
        {
            return "cancelled";
        }
    }

    private static async Task<(string Outcome, TimeSpan Took)> CancelWhileStalled(string configuration, RateLimiter limiter)
    {
        await using ConnectionMultiplexer pauser = await ConnectionMultiplexer.ConnectAsync(configuration);
        await pauser.GetServers()[0].ExecuteAsync("CLIENT", "PAUSE", "1000");
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        long start = Stopwatch.GetTimestamp();
        string outcome = await Outcome(limiter, giveUp.Token);
        TimeSpan took = Stopwatch.GetElapsedTime(start);
        await Task.Delay(TimeSpan.FromSeconds(1));
        return (outcome, took);
    }

    /// <summary>How many grants Redis holds under the keys of the package's limiter <paramref name="partition"/>.</summary>
    private static async Task<long> CountEntries(ConnectionMultiplexer redis, string partition)
    {
        IServer server = redis.GetServers()[0];
        long total = 0;
        await foreach (RedisKey key in server.KeysAsync(pattern: "*" + partition + "*"))
        {
            if (await redis.GetDatabase().KeyTypeAsync(key) == RedisType.SortedSet)
            {
                total += await redis.GetDatabase().SortedSetLengthAsync(key);
            }
        }

        return total;
    }

    /// <summary>Runs <paramref name="acquire"/> under MONITOR and looks for an argument of its script that is a time near this process's clock.</summary>
    private static async Task<ClockFinding> WatchClock(string configuration, Func<Task> acquire)
    {
        int port = int.Parse(configuration.Split(',')[0].Split(':')[1], CultureInfo.InvariantCulture);
        using var monitor = new TcpClient();
        await monitor.ConnectAsync(IPAddress.Loopback, port);
        NetworkStream stream = monitor.GetStream();
        await stream.WriteAsync("MONITOR\r\n"u8.ToArray());
        var reader = new StreamReader(stream, Encoding.UTF8);
        if (await reader.ReadLineAsync() != "+OK")
        {
            throw new InvalidOperationException("MONITOR was refused.");
        }

        double clientSeconds = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await acquire();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            while (await reader.ReadLineAsync(stop.Token) is { } line)
            {
                if (!line.Contains("\"EVAL", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                string[] arguments = Quoted().Matches(line).Select(m => m.Groups[1].Value).ToArray();
                double serverSeconds = double.Parse(line[1..line.IndexOf(' ')], CultureInfo.InvariantCulture);
                foreach (string argument in arguments.Skip(2))
                {
                    if (double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                    {
                        foreach (double scale in new[] { 1.0, 1e-3, 1e-6 })
                        {
                            if (Math.Abs((value * scale) - clientSeconds) < 60)
                            {
                                return new ClockFinding(true, argument, serverSeconds, clientSeconds);
                            }
                        }
                    }
                }

                return new ClockFinding(false, null, serverSeconds, clientSeconds);
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new InvalidOperationException("MONITOR saw no script call.");
    }

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Quoted();
}

/// <summary>Whether a limiter's script call carries a time taken from the client's clock.</summary>
internal sealed record ClockFinding(bool SendsClientTime, string? Argument, double ServerSeconds, double ClientSeconds);

internal sealed record RedisRateLimitingFindings(
    bool TheirsGrantedThird,
    TimeSpan TheirsTook,
    bool OursGrantedThird,
    TimeSpan OursTook,
    string TheirsOnCancelledToken,
    long TheirsSpentOnCancelledToken,
    string OursOnCancelledToken,
    string TheirsOnStall,
    TimeSpan TheirsStallTook,
    string OursOnStall,
    TimeSpan OursStallTook,
    ClockFinding TheirsClock,
    ClockFinding OursClock,
    int ChainGranted,
    long ChainFirstWindowSpent,
    bool ChainFirstWindowStillFree)
{
    public void Print()
    {
        Console.WriteLine("RedisRateLimiting 1.2.1 (RedisSlidingWindowRateLimiter) beside ours, on the same redis-server:");
        Console.WriteLine($"  wait:         a 3rd call in a 2/2s window -> theirs {(TheirsGrantedThird ? "granted" : "refused")} after {TheirsTook.TotalMilliseconds:0.0} ms; ours {(OursGrantedThird ? "granted" : "refused")} after {OursTook.TotalMilliseconds:0} ms");
        Console.WriteLine($"  cancellation: a call with an already-cancelled token -> theirs {TheirsOnCancelledToken} (entries in its window afterwards: {TheirsSpentOnCancelledToken}); ours {OursOnCancelledToken}");
        Console.WriteLine($"  cancellation: a caller that gives up after 100 ms while Redis stalls for 1 s -> theirs {TheirsOnStall} after {TheirsStallTook.TotalMilliseconds:0} ms; ours {OursOnStall} after {OursStallTook.TotalMilliseconds:0} ms");
        Console.WriteLine($"  clock:        theirs sends {(TheirsClock.SendsClientTime ? $"the client's time ({TheirsClock.Argument}; client {TheirsClock.ClientSeconds:0.000}, server {TheirsClock.ServerSeconds:0.000})" : "no client time")}; ours sends {(OursClock.SendsClientTime ? $"the client's time ({OursClock.Argument})" : "no time (the script reads the server's TIME)")}");
        Console.WriteLine($"  two windows:  10/10s and 3/10s chained, 10 calls -> {ChainGranted} granted, yet the 10/10s window holds {ChainFirstWindowSpent} grants and {(ChainFirstWindowStillFree ? "still has room" : "refuses the next call on its own")}");
    }

    public object ToJson() => new
    {
        waits = TheirsGrantedThird,
        refused_after_ms = Math.Round(TheirsTook.TotalMilliseconds, 1),
        ours_waited_ms = Math.Round(OursTook.TotalMilliseconds),
        cancelled_token = TheirsOnCancelledToken,
        cancelled_while_stalled = TheirsOnStall,
        cancelled_while_stalled_ms = Math.Round(TheirsStallTook.TotalMilliseconds),
        ours_cancelled_while_stalled_ms = Math.Round(OursStallTook.TotalMilliseconds),
        client_clock = TheirsClock.SendsClientTime,
        chained_granted = ChainGranted,
        chained_first_window_spent = ChainFirstWindowSpent,
    };
}
