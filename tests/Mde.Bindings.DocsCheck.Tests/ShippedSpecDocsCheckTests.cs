using Mde.Bindings.DocsCheck.Check;
using Xunit.Abstractions;

namespace Mde.Bindings.DocsCheck;

/// <summary>
/// The docs check: every endpoint of every api-spec/*.api.json against the page its x-docs names. New spec files
/// are checked without a code change; each of their endpoints needs an x-docs key.
/// </summary>
public sealed class ShippedSpecDocsCheckTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_shipped_endpoint_agrees_with_its_docs_page_or_explains_why_not()
    {
        IReadOnlyList<SpecOperation> spec = ShippedSpecs.Operations();
        IReadOnlyList<DocsCheckFinding> findings = SpecDocsCheck.Run(spec, DocsInventory.Operations, DocsInventory.PageCommits);
        foreach (DocsCheckFinding finding in findings.Where(f => f.Verdict != DocsCheckVerdict.Same))
        {
            output.WriteLine(finding.ToString());
        }

        Assert.NotEmpty(spec);
        var problems = findings.Where(f => f.IsProblem).ToList();
        Assert.True(problems.Count == 0, "docs check:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Unknown_explanation_keys_are_refused()
    {
        var unknown = ShippedSpecs.Operations()
            .SelectMany(o => o.Explanations.Keys.Select(k => (o, k)))
            .Where(x => !SpecDocsCheck.Aspects.Contains(x.k))
            .Select(x => $"{x.o.SpecFile} {x.o.Name}: x-docs-differences.{x.k} (known: {string.Join(", ", SpecDocsCheck.Aspects)})")
            .ToList();
        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
    }
}
