using System.Text;
using System.Text.RegularExpressions;

namespace Mde.Bindings.PackageTests.Snippets;

/// <summary>
/// The C# file a block becomes in the snippet consumer, so that every block compiles in one build. A block of
/// declarations (a class, a record) is the file as pasted. A block of top-level statements becomes the body of a
/// method <c>DocSnippets.{Identifier}.Snippet.RunAsync(string[] args)</c>, its using directives kept at the top of the
/// file; a fragment's method takes the marker's <c>given</c> list instead. <c>#line</c> directives map every line back
/// to the page, so compiler errors name the page's own line.
/// </summary>
public static partial class SnippetSource
{
    /// <summary>The namespace that holds the methods made of the blocks.</summary>
    public const string Namespace = "DocSnippets";

    /// <summary>Whether <paramref name="snippet"/> is a file of declarations rather than statements.</summary>
    public static bool IsDeclarationFile(DocumentSnippet snippet) =>
        snippet.Lines.Skip(HeaderLength(snippet)).FirstOrDefault(line => !IsBlankOrComment(line)) is { } first
        && Declaration().IsMatch(first);

    /// <summary>Whether the consumer's entry point can call the block: top-level statements, not a fragment or a file.</summary>
    public static bool IsCallable(DocumentSnippet snippet) =>
        snippet.Marker.Mode is SnippetMode.Compile or SnippetMode.Runnable && !IsDeclarationFile(snippet);

    /// <summary>The C# source of the block's file in the consumer.</summary>
    /// <param name="snippet">A block that is not skipped.</param>
    /// <param name="mappedPath">The path the <c>#line</c> directives give: the page as the build should name it.</param>
    public static string Render(DocumentSnippet snippet, string mappedPath)
    {
        if (snippet.Marker.Mode == SnippetMode.Skip)
        {
            throw new ArgumentException($"{snippet.Location} is skipped: it has no source.", nameof(snippet));
        }

        var source = new StringBuilder();
        source.AppendLine($"// {snippet.Location}: {snippet.Marker}");
        string lineDirective = $"#line {{0}} \"{mappedPath}\"";
        if (IsDeclarationFile(snippet))
        {
            if (snippet.Marker.Mode != SnippetMode.Compile)
            {
                throw new ArgumentException($"{snippet.Location} declares types: it can be compiled, not run or wrapped as a fragment.", nameof(snippet));
            }

            source.AppendLine(string.Format(lineDirective, snippet.FirstLine));
            AppendLines(source, snippet.Lines);
            return source.ToString();
        }

        int header = HeaderLength(snippet);
        if (header > 0)
        {
            source.AppendLine(string.Format(lineDirective, snippet.FirstLine));
            AppendLines(source, snippet.Lines.Take(header));
            source.AppendLine("#line default");
        }

        string parameters = snippet.Marker.Mode == SnippetMode.Fragment ? snippet.Marker.Detail : "string[] args";
        source.AppendLine($$"""
            namespace {{Namespace}}.{{snippet.Identifier}}
            {
            #pragma warning disable CS1998 // a block with no await is still an async method here, as a top-level program may be
                internal static class Snippet
                {
                    public static async Task RunAsync({{parameters}})
                    {
            """);
        source.AppendLine(string.Format(lineDirective, snippet.FirstLine + header));
        AppendLines(source, snippet.Lines.Skip(header));
        source.AppendLine("""
            #line default
                    }
                }
            }
            """);
        return source.ToString();
    }

    /// <summary>The consumer's entry point: runs the block named by its location (<c>README.md:149</c>) and exits 0, or 1 when it throws.</summary>
    public static string RenderEntryPoint(IEnumerable<DocumentSnippet> snippets)
    {
        var source = new StringBuilder("""
            // Runs one block of the documentation, named by its location: dotnet DocSnippets.dll README.md:149
            string location = args.Length > 0 ? args[0] : string.Empty;
            try
            {
                switch (location)
                {

            """);
        foreach (DocumentSnippet snippet in snippets.Where(IsCallable))
        {
            source.AppendLine($"""
                        case "{snippet.Location}":
                            await {Namespace}.{snippet.Identifier}.Snippet.RunAsync(args[1..]);
                            return 0;
                """);
        }

        source.AppendLine("""
                    default:
                        Console.Error.WriteLine($"No runnable block at '{location}'.");
                        return 2;
                }
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"{location} threw: {e}");
                return 1;
            }
            """);
        return source.ToString();
    }

    // The leading using directives (with the blank lines and comments among them) go above the wrapper.
    private static int HeaderLength(DocumentSnippet snippet)
    {
        int length = 0;
        for (int i = 0; i < snippet.Lines.Count; i++)
        {
            if (UsingDirective().IsMatch(snippet.Lines[i]))
            {
                length = i + 1;
            }
            else if (!IsBlankOrComment(snippet.Lines[i]))
            {
                break;
            }
        }

        return length;
    }

    private static bool IsBlankOrComment(string line) =>
        line.Trim() is var trimmed && (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal));

    private static void AppendLines(StringBuilder source, IEnumerable<string> lines)
    {
        foreach (string line in lines)
        {
            source.AppendLine(line);
        }
    }

    // using X.Y; using static X.Y; using A = X.Y; global using …; but not the statement using var x = …;
    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?[\w.:<>, ]+;\s*(//.*)?$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^\s*(\[|namespace\s|(public|internal|file|sealed|static|abstract|partial|readonly)\s|(class|record|struct|interface|enum)\s)")]
    private static partial Regex Declaration();
}
