using System.Text.RegularExpressions;

namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// The provenance line each stored page starts with:
/// <c>&lt;!-- MicrosoftDocs/defender-docs defender-endpoint/api/x.md @commit (excerpt) --&gt;</c>.
/// </summary>
internal static partial class DocsPageSource
{
    /// <summary>The commit the page was taken from, or throws naming the page when the line is missing.</summary>
    public static string Commit(string page, string markdown)
    {
        Match match = SourceLine().Match(markdown);
        return match.Success
            ? match.Groups["commit"].Value
            : throw new InvalidDataException($"{page}: the first line must name its source, as <!-- MicrosoftDocs/defender-docs defender-endpoint/api/{page} @<40-hex commit> (excerpt) -->");
    }

    [GeneratedRegex(@"\A<!-- MicrosoftDocs/defender-docs \S+ @(?<commit>[0-9a-f]{40})\b")]
    private static partial Regex SourceLine();
}
