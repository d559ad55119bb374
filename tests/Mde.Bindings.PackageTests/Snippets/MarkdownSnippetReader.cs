using System.Text.RegularExpressions;

namespace Mde.Bindings.PackageTests.Snippets;

/// <summary>Finds the C# code blocks of a Markdown page and their markers (<see cref="SnippetMarker"/>).</summary>
public static partial class MarkdownSnippetReader
{
    private static readonly string[] CSharpLanguages = ["csharp", "cs", "c#"];

    /// <summary>Every C# fenced block of <paramref name="text"/>, in page order.</summary>
    /// <param name="document">The page's path relative to the repository root, for locations.</param>
    /// <param name="text">The page's Markdown.</param>
    /// <exception cref="FormatException">A malformed marker, or a block that is never closed; the message gives the line.</exception>
    public static IReadOnlyList<DocumentSnippet> Read(string document, string text)
    {
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<DocumentSnippet>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (Fence().Match(lines[i]) is not { Success: true } open)
            {
                continue;
            }

            string indent = open.Groups["indent"].Value;
            string ticks = open.Groups["ticks"].Value;
            string info = open.Groups["info"].Value.Trim();
            int close = Array.FindIndex(lines, i + 1, line => IsClosingFence(line, ticks));
            if (close < 0)
            {
                throw new FormatException($"{document}:{i + 1}: the code block opened here is never closed.");
            }

            string language = info.Split(' ', 2)[0];
            if (CSharpLanguages.Contains(language, StringComparer.OrdinalIgnoreCase))
            {
                SnippetMarker marker = MarkerOf(document, lines, i, info[language.Length..].Trim());
                string[] code = lines[(i + 1)..close].Select(line => Unindent(line, indent)).ToArray();
                snippets.Add(new DocumentSnippet(document, i + 1, code, marker));
            }

            i = close;
        }

        return snippets;
    }

    private static SnippetMarker MarkerOf(string document, string[] lines, int fence, string infoRest)
    {
        try
        {
            if (infoRest.Length > 0)
            {
                return SnippetMarker.Parse(infoRest);
            }

            int previous = fence == 0 ? -1 : Array.FindLastIndex(lines, fence - 1, fence, line => line.Trim().Length > 0);
            return (previous >= 0 ? SnippetMarker.FromComment(lines[previous]) : null) ?? SnippetMarker.Compile;
        }
        catch (FormatException e)
        {
            throw new FormatException($"{document}:{fence + 1}: {e.Message}", e);
        }
    }

    private static bool IsClosingFence(string line, string ticks)
    {
        string trimmed = line.Trim();
        return trimmed.Length >= ticks.Length && trimmed.All(c => c == '`');
    }

    // The fence's indentation (inside a list item) is not part of the code.
    private static string Unindent(string line, string indent) =>
        line.StartsWith(indent, StringComparison.Ordinal) ? line[indent.Length..] : line.TrimStart();

    [GeneratedRegex(@"^(?<indent>\s*)(?<ticks>`{3,})(?<info>[^`]*)$")]
    private static partial Regex Fence();
}
