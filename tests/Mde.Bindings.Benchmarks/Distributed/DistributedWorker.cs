using System.Net;
using System.Text.Json;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Http;
using Mde.Bindings.Redis;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Benchmarks.Distributed;

/// <summary>
/// One worker process of <c>throttle-distributed</c> (the hidden <c>throttle-distributed-worker</c> command): concurrent
/// callers that call the strict server as fast as their limiter lets them until the deadline, with the library's 429
/// feedback in the pipeline. Its limiter is either the shared one on Redis or an in-process one of its own. Prints one
/// JSON line with what it sent; logs go to stderr.
/// </summary>
internal static class DistributedWorker
{
    public const string Command = "throttle-distributed-worker";

    /// <summary>What a worker prints once warm; it then waits for <see cref="GoLine"/> on stdin.</summary>
    public const string ReadyLine = "ready";

    public const string GoLine = "go";

    public static async Task<int> RunAsync(string[] args)
    {
        WorkerArguments arguments = WorkerArguments.Parse(args);
        using ILoggerFactory logs = LoggerFactory.Create(builder => builder
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(LogLevel.Information));

        IRateLimiterProvider limits = arguments.Mode == "redis"
            ? await RedisRateLimiterProvider.ConnectAsync(arguments.Redis!, "bench-tenant", "bench-app", new RedisRateLimiterOptions
            {
                KeyPrefix = arguments.Prefix,
                WorkerCount = arguments.Workers,
                RecoveryInterval = TimeSpan.FromSeconds(1),
                SafetyMargin = arguments.SafetyMargin,
            }, logs.CreateLogger<RedisRateLimiterProvider>())
            : new ExactRateLimiterProvider("bench-tenant", "bench-app", new ExactRateLimiterProviderOptions { SafetyMargin = arguments.SafetyMargin });

        using var http = new HttpMessageInvoker(new RetryAfterFeedbackHandler((IRateLimitFeedback)limits) { InnerHandler = new SocketsHttpHandler() });

        // Warm up (JIT, connections, the script loaded in Redis) on paths that count nothing, then start together.
        await WarmUpAsync(limits, http, arguments);
        Console.WriteLine(ReadyLine);
        if (Console.ReadLine() != GoLine)
        {
            throw new InvalidOperationException($"{Command}: expected '{GoLine}' on stdin.");
        }

        var counts = new Counts();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(arguments.Seconds));
        Task[] callers = Enumerable.Range(0, arguments.Callers).Select(_ => CallAsync(limits, http, arguments.Server!, counts, deadline.Token)).ToArray();
        await Task.WhenAll(callers);
        ((IDisposable)limits).Dispose();

        Console.WriteLine(JsonSerializer.Serialize(new { sent = counts.Sent, ok = counts.Ok, server_429 = counts.TooMany, degraded = (limits as RedisRateLimiterProvider)?.IsDegraded }));
        return 0;
    }

    private static async Task WarmUpAsync(IRateLimiterProvider limits, HttpMessageInvoker http, WorkerArguments arguments)
    {
        var warmUp = new EndpointDescription("WarmUp", "WarmUp" + Environment.ProcessId, "GET", StrictRollingServer.WarmUpPath, ["Machine.LiveResponse"], [], [new RateLimitWindow(1000, TimeSpan.FromSeconds(1))]);
        var address = new Uri(arguments.Server!, StrictRollingServer.WarmUpPath);
        await Task.WhenAll(Enumerable.Range(0, arguments.Callers).Select(async _ =>
        {
            for (int i = 0; i < 5; i++)
            {
                using (await limits.AcquireAsync(warmUp))
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, address);
                    using HttpResponseMessage response = await http.SendAsync(request, CancellationToken.None);
                    response.EnsureSuccessStatusCode();
                }
            }
        }));
    }

    private static async Task CallAsync(IRateLimiterProvider limits, HttpMessageInvoker http, Uri server, Counts counts, CancellationToken deadline)
    {
        while (true)
        {
            try
            {
                using (await limits.AcquireAsync(DistributedThrottleBenchmark.Endpoint, deadline))
                {
                    // Sent without the deadline's token: a call granted before the end reaches the server.
                    using var request = new HttpRequestMessage(HttpMethod.Get, server);
                    request.Options.Set(MdeRequestOptions.Endpoint, DistributedThrottleBenchmark.Endpoint);
                    Interlocked.Increment(ref counts.Sent);
                    using HttpResponseMessage response = await http.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.TooManyRequests)
                    {
                        Interlocked.Increment(ref counts.TooMany);
                    }
                    else
                    {
                        response.EnsureSuccessStatusCode();
                        Interlocked.Increment(ref counts.Ok);
                    }
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private sealed class Counts
    {
        public int Sent;
        public int Ok;
        public int TooMany;
    }

    /// <summary>The worker's command line: <c>--mode redis|local --server URL [--redis CONFIG] --seconds N --workers N --callers N --prefix P --safety-margin F</c>.</summary>
    internal sealed record WorkerArguments(string Mode, Uri? Server, string? Redis, double Seconds, int Workers, int Callers, string Prefix, double SafetyMargin)
    {
        public static WorkerArguments Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                values[args[i]] = args[i + 1];
            }

            string Get(string name) => values.TryGetValue(name, out string? value) ? value : throw new ArgumentException($"{Command}: {name} is missing.");
            var parsed = new WorkerArguments(Get("--mode"), new Uri(Get("--server")), values.GetValueOrDefault("--redis"), double.Parse(Get("--seconds"), System.Globalization.CultureInfo.InvariantCulture), int.Parse(Get("--workers")), int.Parse(Get("--callers")), Get("--prefix"), double.Parse(Get("--safety-margin"), System.Globalization.CultureInfo.InvariantCulture));
            if (parsed.Mode is not ("redis" or "local") || (parsed.Mode == "redis" && parsed.Redis is null))
            {
                throw new ArgumentException($"{Command}: --mode is redis (with --redis) or local.");
            }

            return parsed;
        }

        public string[] ToArgs() =>
        [
            Command, "--mode", Mode, "--server", Server!.ToString(), .. Redis is null ? Array.Empty<string>() : ["--redis", Redis],
            "--seconds", Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--workers", Workers.ToString(), "--callers", Callers.ToString(), "--prefix", Prefix,
            "--safety-margin", SafetyMargin.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
    }
}
