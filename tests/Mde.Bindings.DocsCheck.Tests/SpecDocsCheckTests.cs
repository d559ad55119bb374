using Mde.Bindings.DocsCheck.Check;
using Mde.Bindings.DocsCheck.DocsPages;

namespace Mde.Bindings.DocsCheck;

/// <summary>The docs check's verdicts on small hand-made specs and pages: it accepts only explained differences.</summary>
public sealed class SpecDocsCheckTests
{
    private const string Commit = "0596477bae557f93ed1d0e21b96206b56c896ad3";

    private static readonly DocsOperation Page = new(
        "get-machineaction-object.md", "Get machineAction API", "GET", "/api/machineactions/{id}", "/api/machineactions/{id}",
        ["Machine.Read.All", "Machine.ReadWrite.All"], ["Machine.Read", "Machine.ReadWrite"], ["100/minute", "1500/hour"], []);

    private static readonly Dictionary<string, string> Commits = new() { ["get-machineaction-object.md"] = Commit };

    private static SpecOperation Endpoint(string json) =>
        ShippedSpecs.Read("test.api.json", $$"""{ "endpoints": { "GetMachineAction": {{json}} } }""").Single();

    private static DocsCheckFinding Aspect(SpecOperation endpoint, string aspect) =>
        SpecDocsCheck.Run([endpoint], [Page], Commits).Single(f => f.Aspect == aspect);

    [Fact]
    public void A_spec_that_says_what_the_page_says_passes_whatever_the_placeholder_names()
    {
        SpecOperation endpoint = Endpoint("""
            { "method": "GET", "path": "/api/machineactions/{machineActionId}", "x-docs": "get-machineaction-object.md",
              "permissions": { "application": ["Machine.ReadWrite.All", "Machine.Read.All"], "delegated": ["Machine.Read", "Machine.ReadWrite"] },
              "limits": ["100/minute", "1500/hour"] }
            """);

        Assert.All(SpecDocsCheck.Run([endpoint], [Page], Commits), f => Assert.Equal(DocsCheckVerdict.Same, f.Verdict));
    }

    [Fact]
    public void A_difference_without_explanation_is_a_problem_that_names_the_fix()
    {
        SpecOperation endpoint = Endpoint("""
            { "method": "POST", "path": "/api/machineactions/{machineActionId}/x", "x-docs": "get-machineaction-object.md",
              "permissions": { "application": ["Machine.ReadWrite.All"], "delegated": ["Machine.ReadWrite"] }, "limits": ["100/minute"] }
            """);

        foreach (string aspect in SpecDocsCheck.Aspects)
        {
            DocsCheckFinding finding = Aspect(endpoint, aspect);
            Assert.Equal(DocsCheckVerdict.Unexplained, finding.Verdict);
            Assert.True(finding.IsProblem);
            Assert.Contains($"x-docs-differences.{aspect}", finding.Why, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_older_value_is_accepted_only_from_a_history_entry_that_names_the_pages_commit()
    {
        const string Permissions = """ "permissions": { "application": ["Machine.ReadWrite.All"], "delegated": ["Machine.ReadWrite"] } """;
        SpecOperation fromThisCommit = Endpoint($$"""
            { "method": "GET", "path": "/api/machineactions/{id}", "x-docs": "get-machineaction-object.md", {{Permissions}}, "limits": ["100/minute", "1500/hour"],
              "x-permissions-history": [ { "source": "MicrosoftDocs/defender-docs@0596477b", "application": ["Machine.Read.All", "Machine.ReadWrite.All"], "delegated": ["Machine.Read", "Machine.ReadWrite"] } ] }
            """);
        SpecOperation fromAnotherCommit = Endpoint($$"""
            { "method": "GET", "path": "/api/machineactions/{id}", "x-docs": "get-machineaction-object.md", {{Permissions}}, "limits": ["100/minute", "1500/hour"],
              "x-permissions-history": [ { "source": "MicrosoftDocs/defender-docs@03dca546", "application": ["Machine.Read.All", "Machine.ReadWrite.All"], "delegated": ["Machine.Read", "Machine.ReadWrite"] } ] }
            """);

        Assert.Equal(DocsCheckVerdict.OlderPublishedValue, Aspect(fromThisCommit, "application").Verdict);
        Assert.Equal(DocsCheckVerdict.OlderPublishedValue, Aspect(fromThisCommit, "delegated").Verdict);
        Assert.Equal(DocsCheckVerdict.Unexplained, Aspect(fromAnotherCommit, "application").Verdict);
    }

    [Fact]
    public void A_note_explains_a_difference_and_a_note_without_a_difference_is_stale()
    {
        SpecOperation endpoint = Endpoint("""
            { "method": "GET", "path": "/api/machineactions/{id}", "x-docs": "get-machineaction-object.md",
              "permissions": { "application": ["Machine.Read.All", "Machine.ReadWrite.All"], "delegated": ["Machine.Read", "Machine.ReadWrite"] },
              "limits": ["50/minute"],
              "x-docs-differences": { "limits": "measured lower", "method": "no difference here" } }
            """);

        Assert.Equal(DocsCheckVerdict.ExplainedByNote, Aspect(endpoint, "limits").Verdict);
        Assert.False(Aspect(endpoint, "limits").IsProblem);
        Assert.Equal(DocsCheckVerdict.StaleNote, Aspect(endpoint, "method").Verdict);
        Assert.True(Aspect(endpoint, "method").IsProblem);
    }

    [Fact]
    public void An_endpoint_without_a_page_needs_x_docs_or_a_reason()
    {
        SpecOperation unmapped = Endpoint("""{ "method": "GET", "path": "/api/x", "permissions": { "application": ["A.B"] } }""");
        SpecOperation noPage = Endpoint("""{ "method": "GET", "path": "/api/x", "permissions": { "application": ["A.B"] }, "x-docs": { "none": "undocumented" } }""");
        SpecOperation missingPage = Endpoint("""{ "method": "GET", "path": "/api/x", "permissions": { "application": ["A.B"] }, "x-docs": "no-such-page.md" }""");

        Assert.Equal(DocsCheckVerdict.Unmapped, SpecDocsCheck.Run([unmapped], [Page], Commits).Single().Verdict);
        Assert.Equal(DocsCheckVerdict.NoPage, SpecDocsCheck.Run([noPage], [Page], Commits).Single().Verdict);
        DocsCheckFinding missing = SpecDocsCheck.Run([missingPage], [Page], Commits).Single();
        Assert.Equal(DocsCheckVerdict.Unmapped, missing.Verdict);
        Assert.Contains("no-such-page.md", missing.Why, StringComparison.Ordinal);
    }
}
