using System.Text.RegularExpressions;

namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// Normalises the request line of a docs page to the path a spec writes: no host, the <c>/api</c> prefix in
/// lower case, placeholders in braces, and the query string dropped (query options are not part of the path).
/// </summary>
internal static partial class DocsPath
{
    /// <summary>Normalises <paramref name="raw"/>, adding what had to be repaired to <paramref name="anomalies"/>.</summary>
    public static string Normalise(string raw, List<string> anomalies)
    {
        // Markdown escapes braces (\{id\}) in prose; the path has none.
        string path = HttpVersion().Replace(raw.Trim(), string.Empty).Replace("\\{", "{", StringComparison.Ordinal).Replace("\\}", "}", StringComparison.Ordinal);
        path = Host().Replace(path, string.Empty, 1);
        int query = path.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            path = path[..query];
        }

        if (!path.StartsWith('/'))
        {
            anomalies.Add("path written without its leading '/'");
            path = "/" + path;
        }

        if (path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("/api/", StringComparison.Ordinal))
        {
            anomalies.Add($"path prefix written '{path[..5]}' instead of '/api/'");
            path = "/api/" + path[5..];
        }
        else if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) && !path.Equals("/api", StringComparison.OrdinalIgnoreCase))
        {
            anomalies.Add($"path '{path}' does not start with /api/");
        }

        if (AngleBracketPlaceholder().IsMatch(path))
        {
            anomalies.Add("placeholder written in angle brackets");
            path = AngleBracketPlaceholder().Replace(path, m => "{" + m.Groups[1].Value + "}");
        }

        if (path.Contains("//", StringComparison.Ordinal))
        {
            anomalies.Add("empty path segment (a placeholder is missing)");
        }

        return path;
    }

    /// <summary>Every placeholder as <c>{}</c>, in lower case.</summary>
    public static string Shape(string path) => Placeholder().Replace(path, "{}").ToLowerInvariant();

    [GeneratedRegex(@"\s+HTTP/\d(\.\d)?$", RegexOptions.IgnoreCase)]
    private static partial Regex HttpVersion();

    [GeneratedRegex(@"^https?://[^/\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex Host();

    [GeneratedRegex(@"<([A-Za-z_][A-Za-z0-9_ -]*)>")]
    private static partial Regex AngleBracketPlaceholder();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Placeholder();
}
