using System.Diagnostics;

namespace Mde.Bindings.Benchmarks;

/// <summary>Times an action the same way for ours and the baseline: warm-up runs, then the median of measured runs.</summary>
internal static class Measurement
{
    public static double MedianMilliseconds(Action action, int warmup, int iterations)
    {
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        var samples = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples[iterations / 2];
    }
}
