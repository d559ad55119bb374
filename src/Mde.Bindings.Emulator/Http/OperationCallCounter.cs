using System.Collections.Concurrent;

namespace Mde.Bindings.Emulator.Http;

/// <summary>Counts the calls of each operation and its 429 answers, at the server: what a client's own counters cannot be trusted for.</summary>
internal sealed class OperationCallCounter
{
    private readonly ConcurrentDictionary<string, Counts> _counts = new(StringComparer.Ordinal);

    public void Record(string operation, int statusCode)
    {
        Counts counts = _counts.GetOrAdd(operation, static _ => new Counts());
        Interlocked.Increment(ref counts.Calls);
        if (statusCode == StatusCodes.Status429TooManyRequests)
        {
            Interlocked.Increment(ref counts.Throttled);
        }
    }

    public IReadOnlyDictionary<string, EmulatedOperationCalls> Snapshot() =>
        _counts.ToDictionary(p => p.Key, p => new EmulatedOperationCalls(Interlocked.Read(ref p.Value.Calls), Interlocked.Read(ref p.Value.Throttled)), StringComparer.Ordinal);

    private sealed class Counts
    {
        public long Calls;
        public long Throttled;
    }
}
