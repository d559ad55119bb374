using System.Text.RegularExpressions;

namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// Reads the request lines of an "HTTP request" section: inside or outside a code block, with the URL on the
/// method's line or the next, and a path the page wrapped across lines joined again.
/// </summary>
internal static partial class HttpRequestReader
{
    /// <summary>The method and raw path of every request line in <paramref name="sectionLines"/>.</summary>
    public static IReadOnlyList<(string Method, string RawPath, IReadOnlyList<string> Anomalies)> Read(IEnumerable<string> sectionLines)
    {
        var requests = new List<(string, string, IReadOnlyList<string>)>();
        string? method = null;
        string path = string.Empty;
        var anomalies = new List<string>();
        bool inFence = false;

        void Flush()
        {
            if (method is not null && path.Length > 0)
            {
                requests.Add((method, path, anomalies.ToArray()));
            }

            method = null;
            path = string.Empty;
            anomalies.Clear();
        }

        foreach (string rawLine in sectionLines)
        {
            string line = rawLine.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                if (!inFence)
                {
                    Flush();
                }

                continue;
            }

            Match start = RequestLine().Match(line);
            if (start.Success)
            {
                Flush();
                method = start.Groups["method"].Value.ToUpperInvariant();
                if (start.Groups["method"].Value != method)
                {
                    anomalies.Add($"method written '{start.Groups["method"].Value}'");
                }

                if (start.Groups["url"].Success || start.Groups["colon"].Success)
                {
                    anomalies.Add($"request line written '{line}'");
                }

                path = start.Groups["rest"].Value.Trim();
                continue;
            }

            if (method is null)
            {
                continue;
            }

            if (line.Length == 0)
            {
                Flush();
            }
            else if (inFence || path.Length == 0)
            {
                // The page broke the line inside the URL: join it again.
                if (path.Length > 0)
                {
                    anomalies.Add("request line wrapped across lines");
                }

                // Inside an open {placeholder} the break stood for a space; elsewhere for nothing.
                bool insidePlaceholder = path.Count(c => c == '{') > path.Count(c => c == '}');
                path = path.Length == 0 ? line : path + (insidePlaceholder ? " " : string.Empty) + line;
            }
        }

        Flush();
        return requests;
    }

    /// <summary>The "**URL:** GET: /api/..." lines of a page's prose, with the line each stands on.</summary>
    public static IEnumerable<(int Line, string Method, string RawPath)> ReadUrlLines(string[] lines)
    {
        for (int i = 0; i < lines.Length; i++)
        {
            Match url = UrlLine().Match(lines[i]);
            if (url.Success)
            {
                yield return (i, url.Groups["method"].Value.ToUpperInvariant(), url.Groups["path"].Value);
            }
        }
    }

    [GeneratedRegex(@"^\W*URL:?\W*\s*(?<method>GET|POST|PUT|PATCH|DELETE)\s*:?\s*(?<path>\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlLine();

    [GeneratedRegex(@"^(?<url>URL:\s*)?(?<method>GET|POST|PUT|PATCH|DELETE)\b(?<colon>\s*:)?(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex RequestLine();
}
