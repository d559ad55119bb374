using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Mde.Bindings.Generator.Spec;

/// <summary>
/// Reads ISO 8601 durations made of weeks, days, hours, minutes and seconds (<c>PT30M</c>, <c>P1D</c>, <c>PT1H30M</c>).
/// Years and months are refused: their length depends on the calendar.
/// </summary>
internal static class DurationParser
{
    private static readonly Regex s_pattern = new(
        @"^P(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<m>\d+)M)?(?:(?<s>\d+(?:\.\d+)?)S)?)?$",
        RegexOptions.CultureInvariant);

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        Match match = s_pattern.Match(text);
        if (!match.Success || text == "P" || text.EndsWith("T", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            double seconds = Part(match, "w") * 7 * 86400 + Part(match, "d") * 86400 + Part(match, "h") * 3600 + Part(match, "m") * 60 + Part(match, "s");
            if (seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                return false;
            }

            duration = TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private static double Part(Match match, string name) =>
        match.Groups[name].Success ? double.Parse(match.Groups[name].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) : 0;
}
