using Mde.Bindings.DocsCheck.DocsPages;

namespace Mde.Bindings.DocsCheck.Check;

/// <summary>
/// Compares every endpoint of the shipped specs with the operation its <c>x-docs</c> names: method, path shape,
/// application and delegated permissions, and limits. A difference is accepted only when the spec explains it,
/// either as an older published value (an x-…-history entry whose source names the stored page's commit) or by
/// an <c>x-docs-differences</c> note for that aspect; a note with no difference behind it is reported too.
/// </summary>
internal static class SpecDocsCheck
{
    public static readonly string[] Aspects = ["method", "path", "application", "delegated", "limits"];

    public static IReadOnlyList<DocsCheckFinding> Run(
        IReadOnlyList<SpecOperation> spec,
        IReadOnlyList<DocsOperation> docs,
        IReadOnlyDictionary<string, string> pageCommits)
    {
        var findings = new List<DocsCheckFinding>();
        foreach (SpecOperation endpoint in spec)
        {
            DocsOperation? page = Find(endpoint, docs, out string? unmapped);
            if (page is null)
            {
                findings.Add(endpoint.NoDocsReason is { Length: > 0 } reason
                    ? new DocsCheckFinding(endpoint.SpecFile, endpoint.Name, "page", "-", "-", DocsCheckVerdict.NoPage, reason)
                    : new DocsCheckFinding(endpoint.SpecFile, endpoint.Name, "page", endpoint.DocsPage ?? "(no x-docs)", "-", DocsCheckVerdict.Unmapped, unmapped!));
                continue;
            }

            string commit = pageCommits.TryGetValue(page.Page, out string? c) ? c : string.Empty;
            findings.Add(Compare(endpoint, "method", [endpoint.Method.ToUpperInvariant()], [page.Method], ordered: true, commit, _ => null));
            findings.Add(Compare(endpoint, "path", [DocsPath.Shape(endpoint.Path)], [page.PathShape], ordered: true, commit, _ => null));
            findings.Add(Compare(endpoint, "application", endpoint.ApplicationPermissions, page.ApplicationPermissions, ordered: false, commit, h => h.Application));
            findings.Add(Compare(endpoint, "delegated", endpoint.DelegatedPermissions, page.DelegatedPermissions, ordered: false, commit, h => h.Delegated));
            findings.Add(Compare(endpoint, "limits", endpoint.Limits, page.Limits, ordered: false, commit, h => h.Limits));
        }

        return findings;
    }

    private static DocsOperation? Find(SpecOperation endpoint, IReadOnlyList<DocsOperation> docs, out string? problem)
    {
        problem = null;
        if (endpoint.DocsPage is null)
        {
            problem = "add \"x-docs\": \"<page>.md\" (or { \"none\": \"why\" }) to the endpoint";
            return null;
        }

        var onPage = docs.Where(d => d.Page == endpoint.DocsPage).ToList();
        if (onPage.Count == 0)
        {
            problem = $"no stored page {endpoint.DocsPage} with an HTTP request";
            return null;
        }

        if (endpoint.DocsOperation is null)
        {
            if (onPage.Count == 1)
            {
                return onPage[0];
            }

            problem = $"{endpoint.DocsPage} has {onPage.Count} operations ({string.Join(", ", onPage.Select(o => o.Name))}): name one in x-docs.operation";
            return null;
        }

        DocsOperation? named = onPage.FirstOrDefault(o => o.Name == endpoint.DocsOperation);
        problem = named is null ? $"{endpoint.DocsPage} has no operation '{endpoint.DocsOperation}'" : null;
        return named;
    }

    private static DocsCheckFinding Compare(
        SpecOperation endpoint,
        string aspect,
        IReadOnlyList<string> specValue,
        IReadOnlyList<string> pageValue,
        bool ordered,
        string pageCommit,
        Func<SpecHistoryEntry, IReadOnlyList<string>?> historic)
    {
        string spec = Show(specValue);
        string page = Show(pageValue);
        bool same = Same(specValue, pageValue, ordered);
        endpoint.Explanations.TryGetValue(aspect, out string? note);
        if (same)
        {
            return note is null
                ? new DocsCheckFinding(endpoint.SpecFile, endpoint.Name, aspect, spec, page, DocsCheckVerdict.Same, string.Empty)
                : new DocsCheckFinding(endpoint.SpecFile, endpoint.Name, aspect, spec, page, DocsCheckVerdict.StaleNote, $"x-docs-differences.{aspect} explains a difference the page no longer shows: delete the note");
        }

        SpecHistoryEntry? older = pageCommit.Length < 8
            ? null
            : endpoint.History.FirstOrDefault(h =>
                h.Source.Contains(pageCommit[..8], StringComparison.OrdinalIgnoreCase)
                && historic(h) is { } value
                && Same(value, pageValue, ordered));
        if (older is not null)
        {
            return new DocsCheckFinding(endpoint.SpecFile, endpoint.Name, aspect, spec, page, DocsCheckVerdict.OlderPublishedValue, older.Source);
        }

        return note is not null
            ? new DocsCheckFinding(endpoint.SpecFile, endpoint.Name, aspect, spec, page, DocsCheckVerdict.ExplainedByNote, note)
            : new DocsCheckFinding(endpoint.SpecFile, endpoint.Name, aspect, spec, page, DocsCheckVerdict.Unexplained,
                $"fix the spec if the evidence says so, or explain it in x-docs-differences.{aspect} (or an x-…-history entry naming @{(pageCommit.Length >= 8 ? pageCommit[..8] : "commit")})");
    }

    private static bool Same(IReadOnlyList<string> a, IReadOnlyList<string> b, bool ordered) =>
        ordered
            ? a.SequenceEqual(b, StringComparer.OrdinalIgnoreCase)
            : a.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(b);

    private static string Show(IReadOnlyList<string> values) => values.Count == 0 ? "(none)" : string.Join(", ", values);
}
