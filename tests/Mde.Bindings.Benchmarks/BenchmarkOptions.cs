using System.Globalization;

namespace Mde.Bindings.Benchmarks;

/// <summary>Reads a benchmark's own options (<c>--name value</c>); a bad value is an error that names the option.</summary>
internal static class BenchmarkOptions
{
    public static int Int(string[] args, string name, int fallback, int minimum = 1)
    {
        int index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return fallback;
        }

        if (index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= minimum)
        {
            return value;
        }

        throw new ArgumentException($"{name} takes a whole number of at least {minimum} (default {fallback}).", nameof(args));
    }

    public static double Double(string[] args, string name, double fallback, double minimum, double maximum)
    {
        int index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return fallback;
        }

        if (index + 1 < args.Length && double.TryParse(args[index + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= minimum && value <= maximum)
        {
            return value;
        }

        throw new ArgumentException($"{name} takes a number from {minimum.ToString(CultureInfo.InvariantCulture)} to {maximum.ToString(CultureInfo.InvariantCulture)} (default {fallback.ToString(CultureInfo.InvariantCulture)}).", nameof(args));
    }
}
