using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Benchmarks;

/// <summary>
/// The overhead benchmark's per-stage breakdown: each layer of a call measured alone, with a handler that answers at
/// once instead of the network, so that every call completes on the calling thread and its bytes are counted exactly.
/// The differences between the lines say where the extra time and bytes of a generated call go.
/// </summary>
internal static class OverheadStages
{
    private const int CallsPerRound = 200;

    public static async Task PrintAsync(byte[] body, string machineActionId, IRateLimiterProvider limiters, int rounds)
    {
        var address = new Uri("http://127.0.0.1:1/");
        using var http = new HttpClient(new AnsweringHandler(body)) { BaseAddress = address };
        ILiveResponseApi client = new LiveResponseApiClient(http);
        ILiveResponseApi throttled = new ThrottledLiveResponseApi(client, limiters);
        await using OverheadPipeline pipeline = OverheadPipeline.Create(address, () => new AnsweringHandler(body));
        string path = "/api/machineactions/" + machineActionId;

        Stage[] stages =
        [
            new("hand-written call (HttpClient + STJ source-generated)", () => HandWrittenAsync(http, path)),
            new("generated client", () => client.GetMachineActionAsync(machineActionId)),
            new("generated client + throttling decorator + exact limiter", () => throttled.GetMachineActionAsync(machineActionId)),
            new("  the permit alone", () => PermitAsync(limiters)),
            new("  JSON alone, STJ source-generated metadata", () => Task.FromResult(JsonSerializer.Deserialize(body, BaselineJsonContext.Default.BaselineMachineAction))),
            new("  JSON alone, generated metadata", () => Task.FromResult(JsonSerializer.Deserialize(body, LiveResponseJsonContext.Default.MachineAction))),
            new("AddLiveResponseApi pipeline, hand-written call", () => HandWrittenAsync(pipeline.HandWritten, path)),
            new("AddLiveResponseApi pipeline, generated client", () => pipeline.Api.GetMachineActionAsync(machineActionId)),
        ];

        foreach (Stage stage in stages)
        {
            stage.Measure(CallsPerRound);
        }

        for (int round = 0; round < rounds; round++)
        {
            foreach (Stage stage in stages)
            {
                stage.Rounds.Add(stage.Measure(CallsPerRound));
            }
        }

        string clock = ThreadCpuTime.IsSupported ? "CPU time of the thread" : "wall time";
        Console.WriteLine($"per stage, in memory (a handler answers at once; one thread; {clock}; median of rounds):");
        foreach (Stage stage in stages)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {stage.Name,-58} {stage.Us,8:0.00} µs/call {stage.Bytes,7:0} B/call"));
        }

        Console.WriteLine("where a generated call's extra time and bytes go:");
        Difference("request, send and read (generated client - hand-written)", stages[1], stages[0]);
        Difference("throttling decorator and permit (decorated - generated client)", stages[2], stages[1]);
        Difference("JSON reading (generated metadata - STJ source-generated)", stages[5], stages[4]);
        Difference("whole pipeline (generated client - hand-written, same handlers)", stages[7], stages[6]);
    }

    private static void Difference(string what, Stage ours, Stage theirs) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-66} {ours.Us - theirs.Us,+7:+0.00;-0.00} µs {ours.Bytes - theirs.Bytes,+6:+0;-0} B"));

    private static async Task HandWrittenAsync(HttpClient http, string path)
    {
        using HttpResponseMessage response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        _ = await JsonSerializer.DeserializeAsync(stream, BaselineJsonContext.Default.BaselineMachineAction);
    }

    private static async Task PermitAsync(IRateLimiterProvider limiters)
    {
        using (await limiters.AcquireAsync(LiveResponseApiDescription.GetMachineAction))
        {
        }
    }

    private sealed class Stage(string name, Func<Task> call)
    {
        public string Name { get; } = name;

        public List<(double Us, double Bytes)> Rounds { get; } = [];

        public double Us => Timing.Median(Rounds.Select(r => r.Us));

        public double Bytes => Timing.Median(Rounds.Select(r => r.Bytes));

        public (double Us, double Bytes) Measure(int calls)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            TimeSpan cpu = ThreadCpuTime.IsSupported ? ThreadCpuTime.Now() : default;
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < calls; i++)
            {
                Task task = call();
                if (!task.IsCompletedSuccessfully)
                {
                    // Bytes are counted on this thread only: a stage that goes asynchronous would hide some.
                    throw new InvalidOperationException($"The stage '{Name.Trim()}' did not complete at once ({task.Status}): {task.Exception?.GetBaseException().Message}");
                }
            }

            // CPU time of this thread, where the platform gives it: the stages run on it alone.
            double us = (ThreadCpuTime.IsSupported ? ThreadCpuTime.Now() - cpu : Stopwatch.GetElapsedTime(started)).TotalMicroseconds / calls;
            return (us, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)calls);
        }
    }

    /// <summary>Answers every request at once with the payload, as the loopback server does.</summary>
    private sealed class AnsweringHandler(byte[] body) : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue s_json = new("application/json");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = s_json;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
