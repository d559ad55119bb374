using System.Collections.Concurrent;

namespace Mde.Bindings.Emulator.RateLimiting;

/// <summary>
/// The service side of the spec's rate limits: one strict rolling-window log per calling app and endpoint. Written
/// apart from the client limiters' window core (Mde.Bindings.Throttling) on purpose: it is the referee the client is
/// tested against, and a referee must not share the code it judges.
/// </summary>
internal sealed class ServerRateLimiter
{
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<(string App, string Endpoint), RollingWindowLog> _logs = new();

    public ServerRateLimiter(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public bool TryAdmit(string appId, EndpointDescription endpoint, out TimeSpan retryAfter)
    {
        if (endpoint.Limits.Count == 0)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        RollingWindowLog log = _logs.GetOrAdd((appId, endpoint.Name), static (_, limits) => new RollingWindowLog(limits), endpoint.Limits);
        lock (log)
        {
            return log.TryAdmit(_timeProvider.GetUtcNow(), out retryAfter);
        }
    }
}
