using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// Every generator diagnostic has a page under docs/diagnostics/ that its help link points to, and the example on
/// each page still makes the generator print exactly the error the page shows.
/// </summary>
public sealed class DiagnosticDocsTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> s_descriptors = typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(DiagnosticDescriptor))
        .Select(field => (DiagnosticDescriptor)field.GetValue(null)!)
        .ToList();

    /// <summary>An error line as the build prints it, with the path shortened to the file name.</summary>
    private static readonly Regex s_printedError = new(
        @"^(?<file>[^\s(]+)\((?<line>\d+),(?<column>\d+)\): error (?<id>MDE\d{4}): (?<message>.*) \((?<link>https://\S+)\)$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private static readonly Regex s_jsonBlock = new(@"^```json\n(?<json>.*?)\n```$", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant);

    private static readonly Regex s_langVersion = new(@"<LangVersion>(?<version>[^<]+)</LangVersion>", RegexOptions.CultureInvariant);

    private static readonly Regex s_specFileName = new(@"`(?<name>[\w.-]+\.api\.json)`", RegexOptions.CultureInvariant);

    public static TheoryData<string> Ids
    {
        get
        {
            var ids = new TheoryData<string>();
            foreach (DiagnosticDescriptor descriptor in s_descriptors)
            {
                ids.Add(descriptor.Id);
            }

            return ids;
        }
    }

    /// <summary>The IDs whose page shows a spec that gives the error; no spec should give the internal-error guard.</summary>
    public static TheoryData<string> IdsWithExampleSpec
    {
        get
        {
            var ids = new TheoryData<string>();
            foreach (DiagnosticDescriptor descriptor in s_descriptors.Where(d => d.Id != DiagnosticDescriptors.InternalError.Id))
            {
                ids.Add(descriptor.Id);
            }

            return ids;
        }
    }

    [Fact]
    public void Descriptors_are_found_and_have_distinct_ids()
    {
        Assert.Contains(s_descriptors, d => d.Id == "MDE2001");
        Assert.Contains(s_descriptors, d => d.Id == "MDE2099");
        Assert.Equal(s_descriptors.Count, s_descriptors.Select(d => d.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_starts_with_the_id_and_the_title(string id)
    {
        string path = PagePath(id);
        Assert.True(File.Exists(path), $"{id} has no page: write {path}");
        Assert.Equal($"# {id}: {Descriptor(id).Title}", Lines(File.ReadAllText(path))[0]);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_has_what_it_means_example_and_how_to_fix_in_order(string id)
    {
        List<string> headings = Lines(ReadPage(id)).Where(line => line.StartsWith("## ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["## What it means", "## Example", "## How to fix"], headings);
        Assert.NotEmpty(Section(ReadPage(id), "How to fix").Trim());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_link_points_to_the_page(string id)
    {
        Assert.EndsWith("docs/diagnostics/" + id + ".md", Descriptor(id).HelpLinkUri, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Example_shows_an_error_line_of_the_descriptors_format(string id)
    {
        DiagnosticDescriptor descriptor = Descriptor(id);
        Match printed = s_printedError.Match(Section(ReadPage(id), "Example"));
        Assert.True(printed.Success, $"The example of {id} shows no error line such as 'file.api.json(1,1): error {id}: … (link)'");
        Assert.Equal(id, printed.Groups["id"].Value);
        Assert.Equal(descriptor.HelpLinkUri, printed.Groups["link"].Value);
        Assert.Matches(FormatPattern(descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture)), printed.Groups["message"].Value);
    }

    [Theory]
    [MemberData(nameof(IdsWithExampleSpec))]
    public void Example_spec_gives_exactly_the_error_shown(string id)
    {
        string example = Section(ReadPage(id), "Example");
        Match json = s_jsonBlock.Match(example);
        Assert.True(json.Success, $"The example of {id} has no ```json block");
        string spec = json.Groups["json"].Value + "\n";

        // Pages show one spec; when they name several files (two copies of one spec), each holds that spec.
        string[] fileNames = s_specFileName.Matches(example[..json.Index]).Select(m => m.Groups["name"].Value).Distinct().ToArray();
        if (fileNames.Length == 0)
        {
            fileNames = ["machines.api.json"];
        }

        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("class C { }");
        if (s_langVersion.Match(example) is { Success: true } langVersion)
        {
            Assert.True(LanguageVersionFacts.TryParse(langVersion.Groups["version"].Value, out LanguageVersion version));
            compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class C { }", new CSharpParseOptions(version)));
        }

        const string Folder = "/docs-example/";
        GenerationResult result = GeneratorHarness.Run(fileNames.Select(name => (AdditionalText)new InMemoryAdditionalText(Folder + name, spec)), compilation);

        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        FileLinePositionSpan where = diagnostic.Location.GetLineSpan();
        string actual = string.Format(
            System.Globalization.CultureInfo.InvariantCulture,
            "{0}({1},{2}): error {3}: {4} ({5})",
            Path.GetFileName(where.Path),
            where.StartLinePosition.Line + 1,
            where.StartLinePosition.Character + 1,
            diagnostic.Id,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Replace(Folder, string.Empty, StringComparison.Ordinal),
            diagnostic.Descriptor.HelpLinkUri);
        string shown = s_printedError.Match(example).Value;
        if (shown != actual && Environment.GetEnvironmentVariable(Snapshot.ApproveVariable) == "1")
        {
            // Re-approving snapshots also refreshes the error lines the pages show.
            string page = PagePath(id);
            File.WriteAllText(page, File.ReadAllText(page).Replace(shown, actual, StringComparison.Ordinal));
            return;
        }

        Assert.Equal(shown, actual);
    }

    [Fact]
    public void Index_links_every_page()
    {
        string index = File.ReadAllText(Path.Combine(DocsDirectory(), "README.md"));
        foreach (string id in s_descriptors.Select(d => d.Id).Append("MDE1001").Append("MDE1002"))
        {
            Assert.Contains($"[{id}]({id}.md)", index, StringComparison.Ordinal);
        }
    }

    private static DiagnosticDescriptor Descriptor(string id) => s_descriptors.Single(d => d.Id == id);

    private static string DocsDirectory() => Path.Combine(Snapshot.RepositoryRoot(), "docs", "diagnostics");

    private static string PagePath(string id) => Path.Combine(DocsDirectory(), id + ".md");

    /// <summary>The page with line endings normalized, so that a checkout with CRLF reads the same.</summary>
    private static string ReadPage(string id) => File.ReadAllText(PagePath(id)).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    /// <summary>The text under <c>## {heading}</c>, up to the next <c>## </c> heading.</summary>
    private static string Section(string page, string heading)
    {
        int start = page.IndexOf("\n## " + heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The page has no '## {heading}' section");
        start = page.IndexOf('\n', start + 1) + 1;
        int end = page.IndexOf("\n## ", start, StringComparison.Ordinal);
        return end < 0 ? page[start..] : page[start..end];
    }

    /// <summary>A regular expression that matches the messages a composite format can produce.</summary>
    private static string FormatPattern(string format)
    {
        var pattern = new StringBuilder("^");
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] == '{' && i + 1 < format.Length && format[i + 1] == '{')
            {
                pattern.Append(@"\{");
                i++;
            }
            else if (format[i] == '}' && i + 1 < format.Length && format[i + 1] == '}')
            {
                pattern.Append(@"\}");
                i++;
            }
            else if (format[i] == '{')
            {
                i = format.IndexOf('}', i);
                pattern.Append("(.*)");
            }
            else
            {
                pattern.Append(Regex.Escape(format[i].ToString()));
            }
        }

        return pattern.Append('$').ToString();
    }
}
