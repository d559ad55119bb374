using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Http;

namespace Mde.Bindings.Benchmarks.Throttle;

/// <summary>
/// One run: concurrent callers, each calling as fast as its limiter lets it, against a strict server, on simulated
/// time that jumps from event to event (a timer due, a replenishment), for a fixed simulated duration from idle.
/// </summary>
internal sealed class ThrottleSimulation
{
    private static readonly DateTimeOffset s_start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private readonly EndpointDescription _endpoint;
    private readonly int _callers;
    private readonly TimeSpan _duration;

    public ThrottleSimulation(EndpointDescription endpoint, int callers, TimeSpan duration)
    {
        _endpoint = endpoint;
        _callers = callers;
        _duration = duration;
    }

    public SimulationResult Run(Func<SimulationClock, ISimulatedLimiter> createLimiter)
    {
        var clock = new SimulationClock(s_start);
        var server = new SimulatedServer(clock, _endpoint.Limits);
        var context = new SimulationContext();
        SynchronizationContext? previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        long wallStart = Stopwatch.GetTimestamp();
        try
        {
            using ISimulatedLimiter limiter = createLimiter(clock);
            using var pipeline = new HttpMessageInvoker(limiter.CreatePipeline(server));
            var state = new CallerState();
            Task[] callers = Enumerable.Range(0, _callers).Select(_ => CallAsync(limiter, pipeline, clock, state)).ToArray();
            Task all = Task.WhenAll(callers);
            int events = 0;

            // Everything possible at this instant happens, then the clock jumps to the next event. "Settled" means every
            // caller waits for the clock: in a limiter queue, or on the network delay of its call. Counting both matters
            // because continuations that leave the context (ConfigureAwait(false) in library code) come back through
            // the thread pool, and a caller in that gap is neither.
            while (true)
            {
                context.RunUntilSettled(() => state.AwaitingLease == limiter.QueuedCallers && state.InFlight == server.InTransit);
                TimeSpan next = Min(clock.NextDue(), limiter.NextReplenishment);
                if (next >= _duration)
                {
                    break;
                }

                clock.AdvanceTo(next);
                limiter.OnClockAdvanced(next);
                events++;
            }

            // Stop: no call is sent from now on; queued callers are refused, calls in flight reach the server.
            state.Stopping = true;
            limiter.Dispose();
            while (true)
            {
                context.RunUntilSettled(() => state.AwaitingLease == 0 && state.InFlight == server.InTransit);
                if (all.IsCompleted || clock.NextDue() is not { } due)
                {
                    break;
                }

                clock.AdvanceTo(due);
            }

            all.GetAwaiter().GetResult();
            return new SimulationResult(limiter.Name, state.Sent, server.Accepted, server.TooManyRequests, state.LastSend, server.First429, events, Stopwatch.GetElapsedTime(wallStart));
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private async Task CallAsync(ISimulatedLimiter limiter, HttpMessageInvoker pipeline, SimulationClock clock, CallerState state)
    {
        while (!state.Stopping)
        {
            RateLimitLease lease;
            state.AwaitingLease++;
            try
            {
                lease = await limiter.AcquireAsync();
            }
            catch (ObjectDisposedException) when (state.Stopping)
            {
                // The BCL chain met its disposed second window on the way; the run is over.
                return;
            }
            finally
            {
                state.AwaitingLease--;
            }

            using (lease)
            {
                if (!lease.IsAcquired || state.Stopping)
                {
                    return;
                }

                state.Sent++;
                state.LastSend = clock.Elapsed;
                using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.security.microsoft.com" + _endpoint.PathTemplate);
                request.Options.Set(MdeRequestOptions.Endpoint, _endpoint);
                HttpResponseMessage response;
                state.InFlight++;
                try
                {
                    response = await pipeline.SendAsync(request, CancellationToken.None);
                }
                finally
                {
                    state.InFlight--;
                }

                using (response)
                {
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests))
                    {
                        throw new InvalidOperationException($"Unexpected status {response.StatusCode} from the simulated server.");
                    }
                }
            }
        }
    }

    private TimeSpan Min(TimeSpan? a, TimeSpan? b) => a is null ? b ?? _duration : b is null ? a.Value : a < b ? a.Value : b.Value;

    /// <summary>What the callers share; touched only on the simulation's thread.</summary>
    private sealed class CallerState
    {
        public long AwaitingLease { get; set; }

        public bool Stopping { get; set; }

        public int InFlight { get; set; }

        public int Sent { get; set; }

        public TimeSpan LastSend { get; set; }
    }
}
