using System.Net;
using System.Net.Http.Headers;

namespace Mde.Bindings.Benchmarks.Throttle;

/// <summary>
/// A strict server: it keeps a log of the calls it accepted and answers 429 to a call that would put more than a
/// window's limit into any rolling window ending at the call's arrival, with <c>Retry-After</c> in whole seconds.
/// Each call reaches it after a network latency between 50 and 250 ms.
/// Kept apart from the client limiters' window core on purpose: a referee must not share the code it judges.
/// </summary>
internal sealed class SimulatedServer : HttpMessageHandler
{
    private static readonly TimeSpan s_minimumLatency = TimeSpan.FromMilliseconds(50);
    private const int LatencySpreadMs = 200;

    private readonly SimulationClock _clock;
    private readonly (int Limit, TimeSpan Length, Queue<TimeSpan> Accepted)[] _windows;
    private TimeSpan _lastSend = TimeSpan.MinValue;
    private int _sendsAtSameInstant;

    public SimulatedServer(SimulationClock clock, IEnumerable<RateLimitWindow> limits)
    {
        _clock = clock;
        _windows = limits.Select(l => (l.PermitLimit, l.Window, new Queue<TimeSpan>())).ToArray();
    }

    /// <summary>Calls on their way to the server (waiting out their latency).</summary>
    public int InTransit { get; private set; }

    public int Accepted { get; private set; }

    public int TooManyRequests { get; private set; }

    /// <summary>Arrival time of the first 429, if any.</summary>
    public TimeSpan? First429 { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        InTransit++;
        try
        {
            await Task.Delay(NextLatency(), _clock, cancellationToken);
        }
        finally
        {
            InTransit--;
        }

        TimeSpan now = _clock.Elapsed;

        TimeSpan? retryAfter = null;
        foreach ((int limit, TimeSpan length, Queue<TimeSpan> accepted) in _windows)
        {
            while (accepted.Count > 0 && accepted.Peek() <= now - length)
            {
                accepted.Dequeue();
            }

            if (accepted.Count >= limit)
            {
                TimeSpan wait = accepted.Peek() + length - now;
                retryAfter = retryAfter is null || wait > retryAfter ? wait : retryAfter;
            }
        }

        if (retryAfter is { } w)
        {
            TooManyRequests++;
            First429 ??= now;
            var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request };
            refused.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(Math.Ceiling(w.TotalSeconds)));
            return refused;
        }

        foreach ((_, _, Queue<TimeSpan> accepted) in _windows)
        {
            accepted.Enqueue(now);
        }

        Accepted++;
        return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
    }

    /// <summary>
    /// The latency of a call sent now: a hash of the send instant and of how many calls were sent at that instant
    /// before it. Which caller sends first at one instant does not change the figures, so runs are reproducible.
    /// </summary>
    private TimeSpan NextLatency()
    {
        TimeSpan now = _clock.Elapsed;
        _sendsAtSameInstant = now == _lastSend ? _sendsAtSameInstant + 1 : 0;
        _lastSend = now;

        ulong x = (ulong)now.Ticks * 0x9E3779B97F4A7C15UL + (ulong)_sendsAtSameInstant * 0xBF58476D1CE4E5B9UL;
        x ^= x >> 31;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 29;
        return s_minimumLatency + TimeSpan.FromMilliseconds((double)(x % (LatencySpreadMs + 1)));
    }
}
