using System.Diagnostics;

namespace Mde.Bindings.Benchmarks;

/// <summary>Times actions the same way for ours and the baseline: warm-up runs, then the median of measured runs.</summary>
internal static class Timing
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

        return Median(samples);
    }

    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
