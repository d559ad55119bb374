namespace Mde.Bindings.DocsCheck.Check;

/// <summary>What the docs check found for one aspect (method, path, application, delegated, limits) of one spec endpoint.</summary>
internal sealed record DocsCheckFinding(string SpecFile, string Operation, string Aspect, string Spec, string Page, DocsCheckVerdict Verdict, string Why)
{
    /// <summary>A finding the spec must act on: fix the spec or explain the difference with an x- note.</summary>
    public bool IsProblem => Verdict is DocsCheckVerdict.Unexplained or DocsCheckVerdict.StaleNote or DocsCheckVerdict.Unmapped;

    public override string ToString() => $"{SpecFile} {Operation} {Aspect}: {Verdict} (spec: {Spec}; page: {Page}){(Why.Length > 0 ? " — " + Why : string.Empty)}";
}

/// <summary>How a spec value stands against its page.</summary>
internal enum DocsCheckVerdict
{
    /// <summary>The spec says what the page says.</summary>
    Same,

    /// <summary>The page prints an older value that the spec keeps in an x-…-history entry naming the page's commit.</summary>
    OlderPublishedValue,

    /// <summary>The spec differs from the page and an <c>x-docs-differences</c> note says why.</summary>
    ExplainedByNote,

    /// <summary>The spec differs from the page and nothing explains it.</summary>
    Unexplained,

    /// <summary>An <c>x-docs-differences</c> note explains a difference that no longer exists.</summary>
    StaleNote,

    /// <summary>The endpoint names no page (or a page or operation that is not stored).</summary>
    Unmapped,

    /// <summary>The endpoint has no docs page, and its <c>x-docs</c> says why.</summary>
    NoPage,
}
