namespace Mde.Bindings.Benchmarks.Throttle;

/// <summary>The figures of one simulated run.</summary>
internal sealed record SimulationResult(
    string Name,
    int Sent,
    int Accepted,
    int TooManyRequests,
    TimeSpan LastSend,
    TimeSpan? First429,
    int Events,
    TimeSpan WallTime)
{
    /// <summary>Accepted calls as a share of the most the limits allow in the run.</summary>
    public double Utilization(int mostAllowed) => (double)Accepted / mostAllowed;
}
