using System.Globalization;
using System.Text.RegularExpressions;

namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// Reads rate limits from prose: "100 calls per minute and 1500 calls per hour", "1,500 calls per hour",
/// "up to 10 requests per minute", "50 calls per minute or 1500 per hour", a sentence wrapped across lines.
/// Each limit is written as the spec writes it: <c>N/minute</c>.
/// </summary>
internal static partial class LimitationsReader
{
    /// <summary>The limits stated in <paramref name="lines"/>, in the order written, without repeats.</summary>
    public static List<string> Read(IEnumerable<string> lines)
    {
        string text = string.Join(' ', lines.Select(l => l.Trim()));
        var limits = new List<string>();
        foreach (Match match in Limit().Matches(text))
        {
            int count = int.Parse(match.Groups["count"].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
            string limit = $"{count}/{match.Groups["unit"].Value.ToLowerInvariant()}";
            if (!limits.Contains(limit, StringComparer.Ordinal))
            {
                limits.Add(limit);
            }
        }

        return limits;
    }

    [GeneratedRegex(@"(?<count>\d{1,3}(?:,\d{3})+|\d+)\s+(?:(?:API\s+)?(?:calls|requests|call|request)\s+)?(?:per|a|an|each)\s+(?<unit>second|minute|hour|day)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Limit();
}
