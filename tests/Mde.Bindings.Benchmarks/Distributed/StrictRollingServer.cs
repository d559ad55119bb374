using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Mde.Bindings.Benchmarks.Distributed;

/// <summary>
/// A strict server on loopback: it keeps a log of the calls it accepted and answers 429, with <c>Retry-After</c> in
/// whole seconds, to a call that would put more than a window's limit into any rolling window ending at its arrival.
/// It also keeps every arrival, to tell the peak load offered.
/// Kept apart from the client limiters' window core on purpose: a referee must not share the code it judges.
/// </summary>
internal sealed class StrictRollingServer : IAsyncDisposable
{
    public const string Path = "/call";

    /// <summary>Answers 200 and counts nothing: workers warm their HTTP stack on it before a run starts.</summary>
    public const string WarmUpPath = "/warmup";

    private readonly object _lock = new();
    private readonly (int Limit, long Length, Queue<long> Accepted)[] _windows;
    private readonly List<long> _arrivals = [];
    private readonly WebApplication _app;

    private StrictRollingServer(IEnumerable<RateLimitWindow> limits, WebApplication app)
    {
        _windows = limits.Select(l => (l.PermitLimit, (long)(l.Window.TotalSeconds * Stopwatch.Frequency), new Queue<long>())).ToArray();
        _app = app;
    }

    public Uri Address => new(LoopbackServer.Address(_app), Path);

    public int Accepted { get; private set; }

    public int TooManyRequests { get; private set; }

    public static async Task<StrictRollingServer> StartAsync(IEnumerable<RateLimitWindow> limits)
    {
        StrictRollingServer? server = null;
        WebApplication app = await LoopbackServer.StartAsync(routes =>
        {
            routes.MapGet(Path, (HttpContext context) => server!.Answer(context));
            routes.MapGet(WarmUpPath, () => Results.Ok());
        });
        server = new StrictRollingServer(limits, app);
        return server;
    }

    /// <summary>Forgets every call: the next run starts from idle.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            foreach ((_, _, Queue<long> accepted) in _windows)
            {
                accepted.Clear();
            }

            _arrivals.Clear();
            Accepted = 0;
            TooManyRequests = 0;
        }
    }

    /// <summary>The most calls that arrived (accepted or not) in any rolling window of <paramref name="length"/>.</summary>
    public int PeakArrivals(TimeSpan length)
    {
        lock (_lock)
        {
            long span = (long)(length.TotalSeconds * Stopwatch.Frequency);
            int peak = 0;
            for (int first = 0, last = 0; last < _arrivals.Count; last++)
            {
                while (_arrivals[last] - _arrivals[first] >= span)
                {
                    first++;
                }

                peak = Math.Max(peak, last - first + 1);
            }

            return peak;
        }
    }

    /// <summary>Calls that arrived between two moments (Stopwatch timestamps).</summary>
    public int ArrivalsBetween(long from, long to)
    {
        lock (_lock)
        {
            return _arrivals.Count(t => t >= from && t < to);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private IResult Answer(HttpContext context)
    {
        long? wait = null;
        lock (_lock)
        {
            // Taken under the lock, so that the arrivals stay in time order.
            long now = Stopwatch.GetTimestamp();
            _arrivals.Add(now);
            foreach ((int limit, long length, Queue<long> accepted) in _windows)
            {
                while (accepted.Count > 0 && accepted.Peek() <= now - length)
                {
                    accepted.Dequeue();
                }

                if (accepted.Count >= limit)
                {
                    wait = Math.Max(wait ?? 0, accepted.Peek() + length - now);
                }
            }

            if (wait is null)
            {
                foreach ((_, _, Queue<long> accepted) in _windows)
                {
                    accepted.Enqueue(now);
                }

                Accepted++;
                return Results.Ok();
            }

            TooManyRequests++;
        }

        context.Response.Headers.RetryAfter = Math.Ceiling((double)wait.Value / Stopwatch.Frequency).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.StatusCode(StatusCodes.Status429TooManyRequests);
    }
}
