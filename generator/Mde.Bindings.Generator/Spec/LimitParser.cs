using System.Globalization;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Spec;

/// <summary>Reads rate limits written <c>N/second</c>, <c>N/minute</c>, <c>N/hour</c> or <c>N/day</c>.</summary>
internal static class LimitParser
{
    public static bool TryParse(string text, out LimitSpec? limit)
    {
        limit = null;
        int slash = text.IndexOf('/');
        if (slash <= 0 || !int.TryParse(text.Substring(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int permits) || permits <= 0)
        {
            return false;
        }

        string unit = text.Substring(slash + 1);
        long? ticks = unit switch
        {
            "second" => System.TimeSpan.TicksPerSecond,
            "minute" => System.TimeSpan.TicksPerMinute,
            "hour" => System.TimeSpan.TicksPerHour,
            "day" => System.TimeSpan.TicksPerDay,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }

        limit = new LimitSpec(permits, unit, ticks.Value);
        return true;
    }
}
