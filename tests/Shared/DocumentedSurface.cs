using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Mde.Bindings.Testing;

/// <summary>
/// Where a browsable type is shown to a user (issue 16): named in a compiled <c>```csharp</c> block of the README or
/// the docs (every block but those marked <c>&lt;!-- snippet: skip … --&gt;</c>; DocumentationSnippetTests compiles
/// them against the packed package), or given an XML <c>&lt;example&gt;</c> in its own documentation. Linked into the
/// test projects of the packed assemblies.
/// </summary>
internal static class DocumentedSurface
{
    private static readonly Regex s_codeBlock = new(@"(?<marker><!--[^\n]*-->\s*\n)?```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    /// <summary>The pages whose <c>```csharp</c> blocks are compiled: README.md, docs/*.md and api-spec/README.md.</summary>
    public static IEnumerable<string> Pages()
    {
        yield return Path.Combine(RepositoryRoot.Path, "README.md");
        yield return Path.Combine(RepositoryRoot.Path, "api-spec", "README.md");
        foreach (string page in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            yield return page;
        }
    }

    /// <summary>The code of every compiled <c>```csharp</c> block of <paramref name="markdown"/> (those not marked <c>skip</c>).</summary>
    public static IEnumerable<string> CompiledBlocks(string markdown) =>
        s_codeBlock.Matches(markdown.ReplaceLineEndings("\n"))
            .Where(block => !block.Groups["marker"].Value.Contains("snippet: skip", StringComparison.Ordinal))
            .Select(block => block.Groups["code"].Value);

    /// <summary>Every compiled block of every page, each with the page it is on.</summary>
    public static IReadOnlyList<(string Page, string Code)> AllCompiledBlocks() =>
        [.. Pages().SelectMany(page => CompiledBlocks(File.ReadAllText(page)).Select(code => (Path.GetFileName(page), code)))];

    /// <summary>Whether <paramref name="code"/> names the type <paramref name="type"/> (its simple name, as a whole word).</summary>
    public static bool Names(string code, SurfaceType type) =>
        Regex.IsMatch(code, @"\b" + Regex.Escape(SimpleName(type)) + @"\b", RegexOptions.CultureInvariant);

    /// <summary>The full names (<c>Namespace.Name</c>) of the types whose XML documentation holds an <c>&lt;example&gt;</c>.</summary>
    public static IReadOnlySet<string> TypesWithExamples(string xmlDocumentationPath) =>
        XDocument.Load(xmlDocumentationPath).Descendants("member")
            .Where(member => ((string?)member.Attribute("name"))?.StartsWith("T:", StringComparison.Ordinal) == true && member.Element("example") is not null)
            .Select(member => ((string)member.Attribute("name")!)[2..])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The browsable types of <paramref name="surface"/> that no compiled block names and no XML example shows.
    /// </summary>
    public static IReadOnlyList<string> Unshown(PublicSurface surface, string xmlDocumentationPath, IReadOnlyList<(string Page, string Code)> blocks)
    {
        IReadOnlySet<string> withExamples = TypesWithExamples(xmlDocumentationPath);
        return [.. surface.BrowsableTypes
            .Where(type => !withExamples.Contains(type.FullName) && !blocks.Any(block => Names(block.Code, type)))
            .Select(type => type.FullName)
            .Order(StringComparer.Ordinal)];
    }

    // DownloadLink`1 → DownloadLink; Outer.Inner → Inner.
    private static string SimpleName(SurfaceType type)
    {
        string name = type.Name[(type.Name.LastIndexOf('.') + 1)..];
        int arity = name.IndexOf('`', StringComparison.Ordinal);
        return arity < 0 ? name : name[..arity];
    }
}
