using Mde.Bindings.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// Summaries from a spec land in XML doc comments: a line break in them must not end the comment (leaving the
/// rest as code), and XML special characters must reach the docs as text.
/// </summary>
public sealed class SpecTextInDocCommentsTests
{
    private const string Path = "/specs/docs.api.json";

    // "\n" and "\r\n" are JSON escapes: the spec reader decodes them into real line breaks.
    private const string Spec = """
        {
          "specVersion": 1,
          "name": "Sample",
          "namespace": "Contoso.Sample",
          "audience": "https://api.contoso.test",
          "summary": "Api first line.\nApi second line.",
          "endpoints": {
            "GetThing": {
              "summary": "Endpoint first line.\nEndpoint second line: a < b && c > d.",
              "method": "GET",
              "path": "/api/things/{thingId}",
              "parameters": {
                "thingId": { "type": "string", "summary": "Parameter first line.\r\nParameter second line <id>." },
                "$top": { "type": "int32?", "in": "query", "name": "top", "summary": "Query first line.\nQuery second line & more." }
              },
              "permissions": { "application": ["Thing.Read"] },
              "limits": ["100/minute"],
              "returns": "Thing"
            }
          },
          "models": {
            "Thing": {
              "summary": "Model first line.\nModel second line.",
              "properties": {
                "id": { "type": "string", "summary": "Property first line.\nProperty second line <b>&</b>." }
              }
            }
          }
        }
        """;

    [Fact]
    public void Multi_line_summaries_compile_as_doc_comments_with_every_line_commented()
    {
        GenerationResult result = Generate();

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.NotEmpty(result.Sources);
        Assert.Empty(result.CompilationProblems);
        string[] secondLines = result.Sources
            .SelectMany(s => s.SourceText.Lines.Select(l => l.ToString()))
            .Where(l => l.Contains("second line", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(6, secondLines.Length);
        Assert.All(secondLines, line => Assert.StartsWith("///", line.TrimStart(), StringComparison.Ordinal));
    }

    [Fact]
    public void Parameter_and_property_summaries_keep_their_lines_inside_one_element()
    {
        string code = string.Concat(Generate().Sources.Select(s => s.SourceText.ToString()));

        Assert.Contains("/// <param name=\"thingId\">Parameter first line.\n        /// Parameter second line &lt;id&gt;.</param>\n", code, StringComparison.Ordinal);
        Assert.Contains("/// <param name=\"top\">Query first line.\n        /// Query second line &amp; more.</param>\n", code, StringComparison.Ordinal);
        Assert.Contains("/// <summary>\n        /// Property first line.\n        /// Property second line &lt;b&gt;&amp;&lt;/b&gt;.\n        /// </summary>\n", code, StringComparison.Ordinal);
        Assert.Contains("/// Endpoint second line: a &lt; b &amp;&amp; c &gt; d.\n", code, StringComparison.Ordinal);
    }

    /// <summary>Generates with doc comments diagnosed, so malformed XML in them is reported too.</summary>
    private static GenerationResult Generate()
    {
        CSharpParseOptions options = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        const string consumer = "namespace Consumer { /// <summary>Marks the assembly.</summary>\npublic static class Marker { } }";
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation()
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(consumer, options, path: "Source0.cs"));
        return GeneratorHarness.Run([new InMemoryAdditionalText(Path, Spec)], compilation);
    }
}
