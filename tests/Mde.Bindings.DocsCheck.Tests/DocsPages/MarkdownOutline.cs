namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// The headings of a markdown page (outside code blocks) with the lines each one owns: enough structure to
/// find a section by its title and the operation a section belongs to, without a markdown library.
/// </summary>
internal sealed class MarkdownOutline
{
    private MarkdownOutline(string[] lines, IReadOnlyList<Heading> headings)
    {
        Lines = lines;
        Headings = headings;
    }

    public string[] Lines { get; }

    public IReadOnlyList<Heading> Headings { get; }

    public static MarkdownOutline Parse(string text)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var found = new List<(int Level, string Title, int Line)>();
        bool inFence = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence || !trimmed.StartsWith('#'))
            {
                continue;
            }

            int level = trimmed.TakeWhile(c => c == '#').Count();
            if (level <= 6 && trimmed.Length > level && trimmed[level] == ' ')
            {
                found.Add((level, trimmed[level..].Trim(), i));
            }
        }

        var headings = new List<Heading>(found.Count);
        for (int h = 0; h < found.Count; h++)
        {
            // A heading owns the lines up to the next heading of the same or a higher rank.
            int end = lines.Length;
            for (int next = h + 1; next < found.Count; next++)
            {
                if (found[next].Level <= found[h].Level)
                {
                    end = found[next].Line;
                    break;
                }
            }

            int bodyEnd = h + 1 < found.Count ? found[h + 1].Line : lines.Length;
            headings.Add(new Heading(found[h].Level, found[h].Title, found[h].Line, bodyEnd, end));
        }

        return new MarkdownOutline(lines, headings);
    }

    /// <summary>The lines of <paramref name="heading"/>'s own text, up to the next heading of any rank.</summary>
    public IEnumerable<string> Body(Heading heading) => Lines[(heading.Line + 1)..heading.BodyEnd];

    /// <summary>The closest heading above <paramref name="heading"/> with a higher rank, if any.</summary>
    public Heading? Parent(Heading heading) =>
        Headings.LastOrDefault(h => h.Line < heading.Line && h.Level < heading.Level && h.End > heading.Line);

    /// <summary>
    /// The headings inside <paramref name="scope"/> (or the whole page) whose title, numbering aside
    /// ("1.2 Permissions"), starts with one of <paramref name="titles"/>.
    /// </summary>
    public IEnumerable<Heading> Find(Heading? scope, params string[] titles) =>
        Headings.Where(h =>
            titles.Any(t => h.Title.TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.', ' ').StartsWith(t, StringComparison.OrdinalIgnoreCase))
            && (scope is null || (h.Line > scope.Line && h.Line < scope.End)));

    /// <summary>A heading: its rank, its title, its line, where its own text ends and where its section ends.</summary>
    internal sealed record Heading(int Level, string Title, int Line, int BodyEnd, int End);
}
