using Mde.Bindings.PackageTests.Snippets;

namespace Mde.Bindings.PackageTests;

/// <summary>How the snippet test reads the documentation: fences, markers, and the sources blocks become.</summary>
public sealed class MarkdownSnippetTests
{
    private const string Page = """
        # Title

        ```bash
        echo not C#
        ```

        ```csharp
        Console.WriteLine("compiled");
        ```

        <!-- snippet: runnable -->
        ```csharp
        using Mde.Bindings.LiveResponse;

        Console.WriteLine("run");
        ```

        1. In a list:

           <!-- snippet: fragment; given: string machineId, CancellationToken cancellationToken -->
           ```cs
           await Task.Delay(1, cancellationToken);
           ```

        ```csharp skip shows a compiler error on purpose
        int x = "no";
        ```
        """;

    [Fact]
    public void Blocks_are_found_with_their_lines_and_markers_and_other_languages_are_left_out()
    {
        IReadOnlyList<DocumentSnippet> snippets = MarkdownSnippetReader.Read("docs/page.md", Page);

        Assert.Equal([7, 12, 21, 25], snippets.Select(s => s.FenceLine));
        Assert.Equal([SnippetMode.Compile, SnippetMode.Runnable, SnippetMode.Fragment, SnippetMode.Skip], snippets.Select(s => s.Marker.Mode));
        Assert.Equal("string machineId, CancellationToken cancellationToken", snippets[2].Marker.Detail);
        Assert.Equal("shows a compiler error on purpose", snippets[3].Marker.Detail);
        Assert.Equal(["await Task.Delay(1, cancellationToken);"], snippets[2].Lines);
        Assert.Equal("docs/page.md:12", snippets[1].Location);
        Assert.Equal("docs_page_md_L12", snippets[1].Identifier);
    }

    [Theory]
    [InlineData("<!-- snippet: skip -->", "needs its reason")]
    [InlineData("<!-- snippet: fragment -->", "names the variables it uses")]
    [InlineData("<!-- snippet: runable -->", "is not a snippet marker")]
    public void A_malformed_marker_names_the_page_line_and_the_fix(string marker, string expected)
    {
        string page = $"intro\n\n{marker}\n```csharp\nint x = 1;\n```\n";

        FormatException error = Assert.Throws<FormatException>(() => MarkdownSnippetReader.Read("README.md", page));

        Assert.StartsWith("README.md:4: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_unclosed_block_is_reported_at_its_fence()
    {
        FormatException error = Assert.Throws<FormatException>(() => MarkdownSnippetReader.Read("README.md", "a\n```csharp\nint x = 1;\n"));

        Assert.Equal("README.md:2: the code block opened here is never closed.", error.Message);
    }

    [Fact]
    public void A_program_block_keeps_its_usings_on_top_and_maps_every_line_back_to_the_page()
    {
        DocumentSnippet snippet = MarkdownSnippetReader.Read("docs/page.md", Page)[1];

        string source = SnippetSource.Render(snippet, "docs/page.md");

        string[] lines = source.ReplaceLineEndings("\n").Split('\n');
        int usingLine = Array.IndexOf(lines, "using Mde.Bindings.LiveResponse;");
        Assert.Equal("#line 13 \"docs/page.md\"", lines[usingLine - 1]);
        int namespaceLine = Array.FindIndex(lines, l => l.StartsWith("namespace DocSnippets.docs_page_md_L12", StringComparison.Ordinal));
        Assert.True(namespaceLine > usingLine);
        int body = Array.IndexOf(lines, "Console.WriteLine(\"run\");");
        Assert.Equal("#line 14 \"docs/page.md\"", lines[body - 2]);
        Assert.Contains("public static async Task RunAsync(string[] args)", source);
        Assert.True(SnippetSource.IsCallable(snippet));
    }

    [Fact]
    public void A_fragment_becomes_a_method_over_its_given_variables_and_a_class_block_stays_a_file()
    {
        IReadOnlyList<DocumentSnippet> snippets = MarkdownSnippetReader.Read("docs/page.md", Page);
        DocumentSnippet declarations = MarkdownSnippetReader.Read("README.md", "```csharp\nusing System.Text;\n\npublic sealed class Greeter { }\n```\n")[0];

        Assert.Contains("RunAsync(string machineId, CancellationToken cancellationToken)", SnippetSource.Render(snippets[2], "docs/page.md"));
        Assert.False(SnippetSource.IsCallable(snippets[2]));
        Assert.True(SnippetSource.IsDeclarationFile(declarations));
        Assert.DoesNotContain("namespace DocSnippets", SnippetSource.Render(declarations, "README.md"));
        Assert.Throws<ArgumentException>(() => SnippetSource.Render(snippets[3], "docs/page.md"));
    }

    [Fact]
    public void The_entry_point_calls_each_program_block_by_its_location_and_no_fragment()
    {
        string entryPoint = SnippetSource.RenderEntryPoint(MarkdownSnippetReader.Read("docs/page.md", Page));

        Assert.Contains("case \"docs/page.md:7\":", entryPoint);
        Assert.Contains("case \"docs/page.md:12\":", entryPoint);
        Assert.DoesNotContain("docs/page.md:21", entryPoint);
        Assert.DoesNotContain("docs/page.md:25", entryPoint);
    }

    [Fact]
    public void Every_page_of_the_documentation_has_well_formed_markers_and_the_readme_has_a_runnable_block()
    {
        IReadOnlyList<DocumentSnippet> snippets = DocumentationPages.Snippets();

        Assert.Contains(snippets, s => s is { Document: "README.md", Marker.Mode: SnippetMode.Runnable });
        Assert.All(snippets.Where(s => s.Marker.Mode == SnippetMode.Runnable), s => Assert.True(SnippetSource.IsCallable(s), $"{s.Location} is runnable but not a program."));
    }
}
