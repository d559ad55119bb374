using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mde.Bindings.Benchmarks;

/// <summary>
/// The per-call cost of the generated, throttled client (exact limiter with limits that never bind) against a
/// hand-written HttpClient call with System.Text.Json's own source-generated metadata: same loopback server, same
/// payload (the docs' GetMachineAction example), measured in alternating rounds in one process. A second pair puts the
/// whole <c>AddLiveResponseApi</c> pipeline under both (<see cref="OverheadPipeline"/>), and a breakdown in memory
/// measures each layer alone (<see cref="OverheadStages"/>).
/// </summary>
internal static class OverheadBenchmark
{
    // Source: MicrosoftDocs/defender-docs, defender-endpoint/api/get-machineaction-object.md (response example).
    private const string Payload = """
        {"@odata.context":"https://api.securitycenter.microsoft.com/api/$metadata#MachineActions/$entity","id":"5382f7ea-7557-4ab7-9782-d50480024a4e","type":"Isolate","scope":"Selective","requestor":"Analyst@TestPrd.onmicrosoft.com","requestorComment":"test for docs","status":"Succeeded","machineId":"7b1f4967d9728e5aa3c06a9e617a22a4a5a17378","computerDnsName":"desktop-test","creationDateTimeUtc":"2019-01-02T14:39:38.2262283Z","lastUpdateDateTimeUtc":"2019-01-02T14:40:44.6596267Z","relatedFileInfo":null}
        """;

    private const string MachineActionId = "5382f7ea-7557-4ab7-9782-d50480024a4e";

    public static async Task<int> RunAsync(string[] args)
    {
        // Many short alternating rounds: load from other processes hits both sides alike, and the median of the
        // paired ratios shrugs off the rounds it hits hardest.
        int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 41;
        const int CallsPerRound = 200;
        byte[] body = System.Text.Encoding.UTF8.GetBytes(Payload.Trim());
        await using WebApplication server = await LoopbackServer.StartAsync(app => app.MapGet("/api/machineactions/{id}", (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.Body.WriteAsync(body).AsTask();
        }));

        Uri address = LoopbackServer.Address(server);
        using var http = new HttpClient { BaseAddress = address };
        using var limiters = new UnboundLimiters();
        ILiveResponseApi ours = new ThrottledLiveResponseApi(new LiveResponseApiClient(http), limiters);
        await using OverheadPipeline pipeline = OverheadPipeline.Create(address);

        async Task Ours()
        {
            MachineAction action = await ours.GetMachineActionAsync(MachineActionId);
            Check(action.Status.ToString());
        }

        async Task Baseline()
        {
            using HttpResponseMessage response = await http.GetAsync("/api/machineactions/5382f7ea-7557-4ab7-9782-d50480024a4e", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using Stream stream = await response.Content.ReadAsStreamAsync();
            BaselineMachineAction action = (await JsonSerializer.DeserializeAsync(stream, BaselineJsonContext.Default.BaselineMachineAction))!;
            Check(action.Status);
        }

        // The same two calls, through the pipeline AddLiveResponseApi registers.
        async Task PipelineOurs()
        {
            MachineAction action = await pipeline.Api.GetMachineActionAsync(MachineActionId);
            Check(action.Status.ToString());
        }

        async Task PipelineBaseline()
        {
            using HttpResponseMessage response = await pipeline.HandWritten.GetAsync("/api/machineactions/5382f7ea-7557-4ab7-9782-d50480024a4e", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using Stream stream = await response.Content.ReadAsStreamAsync();
            BaselineMachineAction action = (await JsonSerializer.DeserializeAsync(stream, BaselineJsonContext.Default.BaselineMachineAction))!;
            Check(action.Status);
        }

        for (int i = 0; i < 200; i++)
        {
            await Ours();
            await Baseline();
            await PipelineOurs();
            await PipelineBaseline();
        }

        var oursRounds = new List<(double Us, double Bytes)>();
        var baselineRounds = new List<(double Us, double Bytes)>();
        var pipelineOursRounds = new List<(double Us, double Bytes)>();
        var pipelineBaselineRounds = new List<(double Us, double Bytes)>();
        // Every other round runs the four in reverse order: each side then follows the others' code as often as it
        // leads, and no side always starts on caches the previous one left cold.
        (Func<Task> Call, List<(double Us, double Bytes)> Rounds)[] sides =
        [
            (Ours, oursRounds),
            (Baseline, baselineRounds),
            (PipelineOurs, pipelineOursRounds),
            (PipelineBaseline, pipelineBaselineRounds),
        ];
        for (int round = 0; round < rounds; round++)
        {
            foreach ((Func<Task> call, List<(double Us, double Bytes)> measured) in round % 2 == 0 ? sides : sides.Reverse())
            {
                measured.Add(await MeasureAsync(call, CallsPerRound));
            }
        }

        Pair direct = Pair.Of(oursRounds, baselineRounds);
        Pair throughPipeline = Pair.Of(pipelineOursRounds, pipelineBaselineRounds);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"overhead: GetMachineAction over loopback, {rounds} alternating rounds of {CallsPerRound} calls (after 200 warm-up calls each)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ours (generated client + throttling decorator + exact limiter): {direct.OursUs,8:0.0} µs/call, {direct.OursBytes,8:0} B/call"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  baseline (HttpClient + STJ source-generated):                 {direct.BaselineUs,8:0.0} µs/call, {direct.BaselineBytes,8:0} B/call"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio (median of paired rounds): {direct.Ratio:0.000}; allocation ratio: {direct.AllocationRatio:0.000}"));
        Console.WriteLine("pipeline: the same calls through AddLiveResponseApi's HttpClient (telemetry, retry, permits, cached bearer token, 429 feedback, attempt timeout)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ours (ILiveResponseApi from the container):                    {throughPipeline.OursUs,8:0.0} µs/call, {throughPipeline.OursBytes,8:0} B/call"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  baseline (hand-written call, same HttpClient and handlers):    {throughPipeline.BaselineUs,8:0.0} µs/call, {throughPipeline.BaselineBytes,8:0} B/call"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio (median of paired rounds): {throughPipeline.Ratio:0.000}; allocation ratio: {throughPipeline.AllocationRatio:0.000}"));
        await OverheadStages.PrintAsync(body, MachineActionId, limiters, rounds);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "overhead",
            ratio = Math.Round(direct.Ratio, 3),
            alloc_ratio = Math.Round(direct.AllocationRatio, 3),
            ours_us = Math.Round(direct.OursUs, 1),
            baseline_us = Math.Round(direct.BaselineUs, 1),
            pipeline_ratio = Math.Round(throughPipeline.Ratio, 3),
            pipeline_alloc_ratio = Math.Round(throughPipeline.AllocationRatio, 3),
            pipeline_ours_us = Math.Round(throughPipeline.OursUs, 1),
            pipeline_baseline_us = Math.Round(throughPipeline.BaselineUs, 1),
        }));
        return 0;
    }

    /// <summary>The figures of one pair: medians per side, and the median of the paired rounds' time ratios.</summary>
    private sealed record Pair(double OursUs, double BaselineUs, double Ratio, double OursBytes, double BaselineBytes)
    {
        public double AllocationRatio => OursBytes / BaselineBytes;

        public static Pair Of(List<(double Us, double Bytes)> ours, List<(double Us, double Bytes)> baseline) => new(
            Timing.Median(ours.Select(r => r.Us)),
            Timing.Median(baseline.Select(r => r.Us)),
            Timing.Median(ours.Zip(baseline, (o, b) => o.Us / b.Us)),
            Timing.Median(ours.Select(r => r.Bytes)),
            Timing.Median(baseline.Select(r => r.Bytes)));
    }

    private static async Task<(double Us, double Bytes)> MeasureAsync(Func<Task> call, int calls)
    {
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++)
        {
            await call();
        }

        double us = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMicroseconds / calls;
        return (us, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)calls);
    }

    private static void Check(string status)
    {
        if (status != "Succeeded")
        {
            throw new InvalidOperationException("Unexpected status " + status);
        }
    }

    /// <summary>The exact limiter with a window so wide it never makes a caller wait: the decorator's cost without waiting.</summary>
    private sealed class UnboundLimiters : IRateLimiterProvider, IDisposable
    {
        private readonly MultiWindowRateLimiter _limiter = new(new MultiWindowRateLimiterOptions
        {
            Windows = [new RateLimitWindow(int.MaxValue / 2, TimeSpan.FromSeconds(1))],
        });

        public RateLimiter GetLimiter(EndpointDescription endpoint) => _limiter;

        public void Dispose() => _limiter.Dispose();
    }
}

/// <summary>The machine action as a hand-written client would declare it: the same members as the generated model.</summary>
internal sealed class BaselineMachineAction
{
    [JsonPropertyName("@odata.context")]
    public string? ODataContext { get; set; }

    public string? Id { get; set; }

    public string? Type { get; set; }

    public string? Scope { get; set; }

    public string? Requestor { get; set; }

    [JsonPropertyName("externalID")]
    public string? ExternalId { get; set; }

    public string? RequestSource { get; set; }

    public List<BaselineCommand>? Commands { get; set; }

    public string? CancellationRequestor { get; set; }

    public string? RequestorComment { get; set; }

    public string? CancellationComment { get; set; }

    public string Status { get; set; } = string.Empty;

    public string? MachineId { get; set; }

    public string? ComputerDnsName { get; set; }

    public DateTimeOffset? CreationDateTimeUtc { get; set; }

    public DateTimeOffset? CancellationDateTimeUtc { get; set; }

    public DateTimeOffset? LastUpdateDateTimeUtc { get; set; }

    public string? Title { get; set; }

    public int? ErrorHResult { get; set; }

    public BaselineRelatedFileInfo? RelatedFileInfo { get; set; }
}

internal sealed class BaselineCommand
{
    public int Index { get; set; }

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public string? CommandStatus { get; set; }

    public List<string>? Errors { get; set; }
}

internal sealed class BaselineRelatedFileInfo
{
    public string? FileIdentifier { get; set; }

    public string? FileIdentifierType { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BaselineMachineAction))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
