using Mde.Bindings.Generator.Emit;
using Mde.Bindings.Generator.Tests.Infrastructure;
using Mde.Bindings.Generator.Tests.SpecFormat;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// Spec version 2 and its paged returns (<c>{ "pages": "Model" }</c>): the version gate, every wrong shape reported at
/// its exact span, the generated members, and version 1 specs generating the same code as before.
/// </summary>
public sealed class SpecVersion2PagingTests
{
    private const string Path = "/specs/paging.api.json";

    /// <summary>A valid version 2 spec with one paged operation; each case replaces one part of it.</summary>
    private const string Valid = """
        {
          "specVersion": 2,
          "name": "Sample",
          "namespace": "Contoso.Sample",
          "audience": "https://api.contoso.test",
          "endpoints": {
            "ListThings": {
              "method": "GET",
              "path": "/api/things",
              "parameters": { "$top": { "type": "int32?", "in": "query", "name": "top" } },
              "permissions": { "application": ["Thing.Read"] },
              "limits": ["100/minute"],
              "returns": { "pages": "Thing" }
            }
          },
          "models": { "Thing": { "properties": { "id": "string" } } },
          "enums": { "Kind": ["One", "Two"] }
        }
        """;

    [Fact]
    public void A_paged_operation_generates_the_enumeration_and_both_page_calls()
    {
        GenerationResult result = GeneratorHarness.Run((Path, Valid));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        INamedTypeSymbol api = result.Output.GetTypeByMetadataName("Contoso.Sample.ISampleApi")!;
        Assert.Equal(
            string.Join("\n", [
                "System.Collections.Generic.IAsyncEnumerable<Contoso.Sample.Thing> ListThingsAsync(int? top = null, System.Threading.CancellationToken cancellationToken = default)",
                "System.Threading.Tasks.Task<Mde.Bindings.ODataPage<Contoso.Sample.Thing>> ListThingsPageAsync(System.Uri nextLink, System.Threading.CancellationToken cancellationToken = default)",
                "System.Threading.Tasks.Task<Mde.Bindings.ODataPage<Contoso.Sample.Thing>> ListThingsPageAsync(int? top = null, System.Threading.CancellationToken cancellationToken = default)",
            ]),
            string.Join("\n", api.GetMembers().OfType<IMethodSymbol>().Select(Signature).Order(StringComparer.Ordinal)));
        foreach (string type in new[] { "Contoso.Sample.SampleApiClient", "Contoso.Sample.ThrottledSampleApi" })
        {
            INamedTypeSymbol implementation = result.Output.GetTypeByMetadataName(type)!;
            Assert.Equal(3, implementation.GetMembers().OfType<IMethodSymbol>().Count(m => m.Name.StartsWith("ListThings", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void A_paged_operation_of_an_enum_compiles()
    {
        GenerationResult result = GeneratorHarness.Run((Path, Valid.Replace("\"pages\": \"Thing\"", "\"pages\": \"Kind\"")));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    public static TheoryData<string, string, string> Cases => new()
    {
        // The version gate: a version 2 form in a version 1 spec names the form and the fix.
        { "MDE2025", Valid.Replace("\"specVersion\": 2", "\"specVersion\": 1").Replace("{ \"pages\"", "{ [|\"pages\"|]"), "write \"specVersion\": 2" },
        { "MDE2002", Valid.Replace("\"specVersion\": 2", "\"specVersion\": [|3|]"), "write \"specVersion\": 1, or 2" },
        { "MDE2002", Valid.Replace("\"specVersion\": 2", "\"specVersion\": [|2.0|]"), "is not supported" },
        // Shapes.
        { "MDE2017", Valid.Replace("\"method\": \"GET\"", "\"method\": [|\"POST\"|]"), "only a GET can be read page by page" },
        { "MDE2017", Valid.Replace("\"pages\": \"Thing\"", "\"pages\": [|\"Thing[]\"|]"), "write the element type \"Thing\"" },
        { "MDE2017", Valid.Replace("\"pages\": \"Thing\"", "\"pages\": [|\"Thing?\"|]"), "write the element type \"Thing\"" },
        { "MDE2017", Valid.Replace("\"pages\": \"Thing\"", "\"pages\": [|\"string\"|]"), "a model or an enum" },
        { "MDE2017", Valid.Replace("\"pages\": \"Thing\"", "\"pages\": \"Thing\", [|\"value\"|]: \"Thing[]\""), "combines \"pages\" with \"value\"" },
        { "MDE2017", Valid.Replace("\"pages\": \"Thing\"", "\"pages\": \"Thing\", [|\"validFor\"|]: \"PT1H\""), "combines \"pages\" with \"validFor\"" },
        { "MDE2007", Valid.Replace("\"pages\": \"Thing\"", "\"pages\": [|\"Thingy\"|]"), "Thingy" },
        { "MDE2005", Valid.Replace("\"pages\": \"Thing\"", "\"pages\": [|42|]"), "pages" },
        // Names: the page method of ListThings is ListThingsPageAsync.
        {
            "MDE2021",
            Valid.Replace("\"endpoints\": {", "\"endpoints\": {\n    [|\"ListThingsPage\"|]: { \"method\": \"GET\", \"path\": \"/api/p\", \"permissions\": { \"application\": [\"Thing.Read\"] } },"),
            "the page method ListThingsPageAsync of the paged operation 'ListThings'"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Error_is_reported_at_its_exact_span_with_its_fix(string id, string marked, string messagePart)
    {
        (string text, TextSpan expected) = MarkedText.Parse(marked);
        GenerationResult result = GeneratorHarness.Run((Path, text));

        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expected, diagnostic.Location.SourceSpan);
        Assert.Contains(messagePart, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.Sources);
    }

    [Theory]
    [InlineData("Specs/all-features.api.json")]
    public void A_version_1_spec_declared_as_version_2_generates_the_same_code(string specPath)
    {
        string v1 = File.ReadAllText(SpecFiles.FullPath(specPath));
        string v2 = v1.Replace("\"specVersion\": 1", "\"specVersion\": 2", StringComparison.Ordinal);
        Assert.NotEqual(v1, v2);

        GenerationResult first = GeneratorHarness.Run((Path, v1));
        GenerationResult second = GeneratorHarness.Run((Path, v2));

        Assert.Empty(second.GeneratorDiagnostics);

        // The one thing version 2 words differently: an operation without limits says it is unthrottled.
        static string WithVersion1Words(string source) => source
            .Replace(" " + DescriptionEmitter.UnthrottledSentence, string.Empty, StringComparison.Ordinal)
            .Replace(DescriptionEmitter.NoLimitsText(2), DescriptionEmitter.NoLimitsText(1), StringComparison.Ordinal);
        Assert.Equal(
            first.Sources.Select(s => (s.HintName, s.SourceText.ToString())),
            second.Sources.Select(s => (s.HintName, WithVersion1Words(s.SourceText.ToString()))));
    }

    private static string Signature(IMethodSymbol method) =>
        method.ReturnType.ToDisplayString() + " " + method.Name + "(" + string.Join(", ", method.Parameters.Select(p =>
            p.Type.ToDisplayString() + " " + p.Name + (p.HasExplicitDefaultValue ? " = " + (p.ExplicitDefaultValue is null ? (p.Type.IsValueType && p.Type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? "default" : "null") : p.ExplicitDefaultValue) : string.Empty))) + ")";
}
