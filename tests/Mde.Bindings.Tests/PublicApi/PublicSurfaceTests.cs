using System.Xml.Linq;
using Mde.Bindings.Testing;
using Xunit.Abstractions;

namespace Mde.Bindings.Tests.PublicApi;

/// <summary>
/// The runtime's public surface, read from the built assembly's metadata (issue 16): generated-code support lives in
/// one hidden namespace, and what a user sees stays small enough to learn in an afternoon.
/// </summary>
public sealed class PublicSurfaceTests(ITestOutputHelper output)
{
    private const string GeneratedCodeNamespace = "Mde.Bindings.GeneratedCode";

    // What a user sees in IntelliSense (65 before issue 16's second pass, 43 after: docs/architecture.md lists what
    // moved; issue 15's spec v2 adds ODataPage<T>, ODataPagingException, ExportFiles<T> and JsonRows, and multipart bodies FormFile). Raise it only
    // with a docs snippet or an XML doc example for each new type.
    private const int MaxBrowsableTypes = 48;

    private static readonly string s_assemblyPath = typeof(DownloadLink<>).Assembly.Location;

    [Fact]
    public void Generated_code_support_is_one_hidden_namespace_and_nothing_else_is_hidden()
    {
        PublicSurface surface = PublicSurface.Read(s_assemblyPath);
        output.WriteLine(surface.ToString());

        SurfaceType[] support = surface.Types.Where(type => type.Namespace == GeneratedCodeNamespace).ToArray();
        Assert.Contains(support, type => type.Name == "GeneratedApiClientBase");
        Assert.All(support, type => Assert.True(type.IsHidden, $"{type.FullName} is for generated code: mark it [EditorBrowsable(Never)]."));
        Assert.All(surface.Types.Where(type => type.IsHidden), type => Assert.Equal(GeneratedCodeNamespace, type.Namespace));
    }

    [Fact]
    public void Every_generated_code_type_says_so_in_its_documentation()
    {
        PublicSurface surface = PublicSurface.Read(s_assemblyPath);
        XDocument docs = XDocument.Load(Path.ChangeExtension(s_assemblyPath, ".xml"));
        Dictionary<string, string> summaries = docs.Descendants("member")
            .Where(member => ((string?)member.Attribute("name"))?.StartsWith("T:", StringComparison.Ordinal) == true)
            .ToDictionary(member => ((string)member.Attribute("name")!)[2..], member => member.Element("summary")?.Value ?? string.Empty);

        foreach (SurfaceType type in surface.Types.Where(type => type.Namespace == GeneratedCodeNamespace))
        {
            Assert.True(summaries.TryGetValue(type.FullName, out string? summary), $"{type.FullName} has no XML documentation.");
            Assert.Contains("For generated code", summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_browsable_surface_stays_within_its_budget()
    {
        PublicSurface surface = PublicSurface.Read(s_assemblyPath);
        foreach (IGrouping<string, SurfaceType> ns in surface.BrowsableTypes.GroupBy(type => type.Namespace).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{ns.Key}: {string.Join(", ", ns.Select(type => type.Name).Order(StringComparer.Ordinal))}");
        }

        int browsable = surface.BrowsableTypes.Count();
        Assert.True(browsable <= MaxBrowsableTypes, $"{browsable} browsable types, more than {MaxBrowsableTypes}: make the new ones internal, or fold them into an existing entry point.");
    }

    [Fact]
    public void Every_browsable_type_is_shown_by_a_compiled_docs_block_or_an_xml_example()
    {
        PublicSurface surface = PublicSurface.Read(s_assemblyPath);

        IReadOnlyList<string> unshown = DocumentedSurface.Unshown(surface, Path.ChangeExtension(s_assemblyPath, ".xml"), DocumentedSurface.AllCompiledBlocks());

        Assert.True(unshown.Count == 0, $"Not shown anywhere: {string.Join(", ", unshown)}. Name each in a ```csharp block of README.md or docs/*.md, or give it an <example><code> in its XML documentation.");
    }

    [Fact]
    public void The_docs_blocks_name_no_type_hidden_for_generated_code()
    {
        // Internal types fail DocumentationSnippetTests' compile; hidden ones compile, so they are looked for here.
        PublicSurface surface = PublicSurface.Read(s_assemblyPath);
        IReadOnlyList<(string Page, string Code)> blocks = DocumentedSurface.AllCompiledBlocks();
        Assert.NotEmpty(blocks);

        string[] named = [.. surface.Types.Where(type => type.IsHidden)
            .SelectMany(type => blocks.Where(block => DocumentedSurface.Names(block.Code, type)).Select(block => $"{type.FullName} in {block.Page}"))];

        Assert.True(named.Length == 0, $"Hidden from IntelliSense but shown to users: {string.Join("; ", named)}.");
    }

    [Fact]
    public void The_example_check_finds_names_in_blocks_and_examples_in_xml()
    {
        // The checker itself: a name inside a compiled block counts, a skipped block does not, generic arity is dropped.
        string page = "<!-- snippet: skip because -->\n```csharp\nvar a = new MdeCloud();\n```\n\n```csharp\nDownloadLink<int> link = default!;\n```\n";
        string[] blocks = [.. DocumentedSurface.CompiledBlocks(page)];
        string block = Assert.Single(blocks);
        PublicSurface surface = PublicSurface.Read(s_assemblyPath);
        Assert.True(DocumentedSurface.Names(block, surface.Types.Single(type => type.FullName == "Mde.Bindings.DownloadLink`1")));
        Assert.False(DocumentedSurface.Names(block, surface.Types.Single(type => type.FullName == "Mde.Bindings.Auth.MdeCloud")));
        Assert.Contains("Mde.Bindings.Throttling.IRateLimiterProvider", DocumentedSurface.TypesWithExamples(Path.ChangeExtension(s_assemblyPath, ".xml")));
    }

    [Fact]
    public void The_counter_tells_hidden_from_browsable_and_counts_members()
    {
        // The counter itself, on known types: a hidden one, a browsable one, a public nested type.
        PublicSurface surface = PublicSurface.Read(s_assemblyPath);
        Assert.True(surface.Types.Single(type => type.FullName == "Mde.Bindings.GeneratedCode.UrlFormatter").IsHidden);
        SurfaceType window = surface.Types.Single(type => type.FullName == "Mde.Bindings.RateLimitWindow");
        Assert.True(window.IsBrowsable);
        Assert.True(window.MemberCount >= 3, "RateLimitWindow has a constructor and two properties at least.");
        Assert.DoesNotContain(surface.Types, type => type.Name == "LinkDownloaderLog");
    }
}
