using System.Runtime.CompilerServices;
using Mde.Bindings.PackageTests.Infrastructure;

namespace Mde.Bindings.PackageTests.Snippets;

/// <summary>
/// The consumer project Consumers/DocSnippets holding every block of the documentation that is not skipped, one file
/// each, built once per pack (one build costs far more than the blocks it compiles).
/// </summary>
public sealed class SnippetConsumerBuild
{
    private static readonly ConditionalWeakTable<PackageFeedFixture, Task<SnippetConsumerBuild>> Builds = new();

    private SnippetConsumerBuild(ConsumerProject project, IReadOnlyList<DocumentSnippet> snippets, ProcessResult build)
    {
        Project = project;
        Snippets = snippets;
        Build = build;
    }

    /// <summary>The built project.</summary>
    public ConsumerProject Project { get; }

    /// <summary>Every block of the documentation, skipped ones included.</summary>
    public IReadOnlyList<DocumentSnippet> Snippets { get; }

    /// <summary>The build's output.</summary>
    public ProcessResult Build { get; }

    /// <summary>The build of the blocks against <paramref name="feed"/>'s packages, made by the first caller.</summary>
    public static Task<SnippetConsumerBuild> GetAsync(PackageFeedFixture feed) => Builds.GetValue(feed, CreateAsync);

    /// <summary>
    /// Each warning or error of the build, described by the page line it points to (or the block whose wrapper it is
    /// in), the block it belongs to and the compiler's message.
    /// </summary>
    public IReadOnlyList<string> Problems() =>
        BuildDiagnostic.Parse(Build.Output).Select(Describe).ToList();

    private string Describe(BuildDiagnostic diagnostic)
    {
        string path = diagnostic.File.Replace('\\', '/');
        DocumentSnippet? snippet =
            Snippets.FirstOrDefault(s => path.EndsWith("/" + s.Document, StringComparison.Ordinal) || path == s.Document
                ? s.FirstLine <= diagnostic.Line && diagnostic.Line < s.FirstLine + s.Lines.Count
                : Path.GetFileNameWithoutExtension(path) == s.Identifier);
        string where = snippet is null ? diagnostic.FileName : $"the block at {snippet.Location}";
        string at = snippet is not null && path.EndsWith(snippet.Document, StringComparison.Ordinal)
            ? $"{snippet.Document} line {diagnostic.Line}, column {diagnostic.Column}"
            : $"{diagnostic.FileName}({diagnostic.Line},{diagnostic.Column}), outside the block's own lines";
        return $"{where}: {at}: {diagnostic.Severity} {diagnostic.Id}: {diagnostic.Message}";
    }

    private static async Task<SnippetConsumerBuild> CreateAsync(PackageFeedFixture feed)
    {
        IReadOnlyList<DocumentSnippet> snippets = DocumentationPages.Snippets();
        ConsumerProject project = feed.Consumer("DocSnippets");
        foreach (DocumentSnippet snippet in snippets.Where(s => s.Marker.Mode != SnippetMode.Skip))
        {
            project.WriteFile(Path.Combine("Blocks", snippet.Identifier + ".cs"), SnippetSource.Render(snippet, snippet.Document));
        }

        project.WriteFile("Program.cs", SnippetSource.RenderEntryPoint(snippets));
        return new SnippetConsumerBuild(project, snippets, await project.BuildAsync());
    }
}
