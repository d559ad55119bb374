namespace Mde.Bindings.DocsCheck.DocsPages;

/// <summary>
/// Reads the operations of one docs page. Each "HTTP request" (or "URL") heading is one operation; it takes its name from
/// the heading above it (the page title when that is the top heading) and its "Permissions" and "Limitations"
/// from the same part of the page, or from the page as a whole when that part has none of its own.
/// </summary>
internal static class DocsPageReader
{
    /// <summary>Reads <paramref name="markdown"/>, the page stored as <paramref name="page"/>.</summary>
    public static IReadOnlyList<DocsOperation> Read(string page, string markdown)
    {
        MarkdownOutline outline = MarkdownOutline.Parse(markdown);
        MarkdownOutline.Heading? title = outline.Headings.FirstOrDefault(h => h.Level == 1);
        var requests = new List<(MarkdownOutline.Heading? Scope, string Method, string RawPath, IReadOnlyList<string> Anomalies)>();
        foreach (MarkdownOutline.Heading request in outline.Find(scope: null, "HTTP request", "URL"))
        {
            MarkdownOutline.Heading? scope = outline.Parent(request);
            requests.AddRange(HttpRequestReader.Read(outline.Body(request)).Select(r => (scope, r.Method, r.RawPath, r.Anomalies)));
        }

        if (requests.Count == 0)
        {
            // Some pages have no request section, only a "**URL:** GET: /api/..." line in their prose.
            requests.AddRange(HttpRequestReader.ReadUrlLines(outline.Lines).Select(r =>
                (outline.Headings.LastOrDefault(h => h.Line < r.Line && h.Level > 1 && h.End > r.Line), r.Method, r.RawPath,
                 (IReadOnlyList<string>)["request line only in the prose ('URL: METHOD: path'), no HTTP request section"])));
        }

        var operations = new List<DocsOperation>();
        foreach ((MarkdownOutline.Heading? requestScope, string method, string rawPath, IReadOnlyList<string> requestAnomalies) in requests)
        {
            // A page with one operation is named by its title; several operations by the part each stands in.
            MarkdownOutline.Heading? scope = requests.Count == 1 ? null : requestScope;
            string name = string.Join(' ', ((scope ?? title)?.Title ?? page).Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var anomalies = new List<string>(requestAnomalies);
            string path = DocsPath.Normalise(rawPath, anomalies);

            MarkdownOutline.Heading? permissions = Section(outline, "Permissions", scope, anomalies);
            (List<string> application, List<string> delegated) = permissions is null
                ? ([], [])
                : PermissionsTableReader.Read(outline.Body(permissions), anomalies);
            if (permissions is null)
            {
                // Some pages print the table under another heading: take any permission rows of the page.
                (application, delegated) = PermissionsTableReader.Read(outline.Lines, anomalies);
                anomalies.Add(application.Count + delegated.Count == 0 ? "no Permissions section" : "permissions table outside a Permissions section");
            }
            else if (application.Count == 0 && delegated.Count == 0)
            {
                anomalies.Add("the Permissions section has no permission rows");
            }

            MarkdownOutline.Heading? limitations = Section(outline, "Limitations", scope, anomalies);
            List<string> limits = limitations is null ? [] : LimitationsReader.Read(outline.Body(limitations));
            if (limitations is null)
            {
                anomalies.Add("no Limitations section");
            }

            if (limits.Count == 0)
            {
                // Some pages state the rate elsewhere (the description or a note): take it, and say so.
                limits = LimitationsReader.Read(outline.Lines);
                anomalies.Add(limits.Count == 0 ? "no rate limit stated" : "rate limit stated outside a Limitations section");
            }

            operations.Add(new DocsOperation(page, name, method, rawPath, path, application, delegated, limits, anomalies));
        }

        return operations;
    }

    /// <summary>
    /// The <paramref name="title"/> section of the operation's part of the page; when that part has none, the
    /// page's first one, and the borrowing is reported.
    /// </summary>
    private static MarkdownOutline.Heading? Section(MarkdownOutline outline, string title, MarkdownOutline.Heading? scope, List<string> anomalies)
    {
        MarkdownOutline.Heading? own = outline.Find(scope, title).FirstOrDefault();
        if (own is not null || scope is null)
        {
            return own;
        }

        MarkdownOutline.Heading? borrowed = outline.Find(scope: null, title).FirstOrDefault();
        if (borrowed is not null)
        {
            anomalies.Add($"no {title} section in '{scope.Title}': the page's section under '{borrowed.Title}' (line {borrowed.Line + 1}) applies");
        }

        return borrowed;
    }
}
