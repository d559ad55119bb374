using Mde.Bindings.Generator.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Tests;

/// <summary>Every MDE2xxx diagnostic, reported as an error at the exact span of the spec that causes it.</summary>
public sealed class SpecDiagnosticsTests
{
    private const string Path = "/specs/test.api.json";

    /// <summary>A valid spec; each case replaces one part of it.</summary>
    private const string Valid = """
        {
          "specVersion": 1,
          "name": "Sample",
          "namespace": "Contoso.Sample",
          "audience": "https://api.contoso.test",
          "endpoints": {
            "GetThing": {
              "method": "GET",
              "path": "/api/things/{thingId}",
              "parameters": { "thingId": "string" },
              "permissions": { "application": ["Thing.Read"] },
              "limits": ["100/minute"],
              "returns": "Thing"
            }
          },
          "models": { "Thing": { "properties": { "id": "string" } } },
          "enums": { "Kind": ["One", "Two"] }
        }
        """;

    [Fact]
    public void Valid_spec_reports_nothing_and_generates_code()
    {
        GenerationResult result = GeneratorHarness.Run((Path, Valid));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.NotEmpty(result.Sources);
        Assert.Empty(result.CompilationProblems);
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "MDE2001", Valid.Replace("\"specVersion\": 1,", "\"specVersion\": 1,[|,|]") },
        { "MDE2001", Valid.Replace("{thingId}\",\n", "{thingId},[|\n|]") },
        { "MDE2002", Valid.Replace("\"specVersion\": 1", "\"specVersion\": [|3|]") },
        { "MDE2003", Valid.Replace("\"audience\"", "[|\"audiense\"|]: \"x\", \"audience\"") },
        { "MDE2003", Valid.Replace("\"method\": \"GET\",", "\"method\": \"GET\", [|\"verb\"|]: \"GET\",") },
        { "MDE2004", Valid.Replace("\"GetThing\": {", "[|\"GetThing\"|]: {").Replace("\"method\": \"GET\",", string.Empty) },
        { "MDE2001", Valid.Replace("\"specVersion\": 1,", "\"specVersion\": 1,").Replace("\"string\" } } }", "\"string\"[|,|] } } }") },
        { "MDE2019", Valid.Replace("\"parameters\": { \"thingId\": \"string\" }", "\"parameters\": { [|\"thingId\"|]: { \"type\": \"string\", \"in\": \"query\" } }") },
        { "MDE2005", Valid.Replace("\"endpoints\": {", "\"endpoints\": [|[]|], \"x-old\": {") },
        { "MDE2006", Valid.Replace("\"name\": \"Sample\"", "\"name\": [|\"Sample Api\"|]") },
        { "MDE2006", Valid.Replace("\"namespace\": \"Contoso.Sample\"", "\"namespace\": [|\"Contoso..Sample\"|]") },
        { "MDE2007", Valid.Replace("\"returns\": \"Thing\"", "\"returns\": [|\"Thingy\"|]") },
        { "MDE2007", Valid.Replace("\"id\": \"string\"", "\"id\": [|\"int32?[]\"|]") },
        { "MDE2008", Valid.Replace("\"path\": \"/api/things/{thingId}\"", "\"path\": \"/api/things/{thingId}/parts/[|{partId}|]\"") },
        { "MDE2009", Valid.Replace("\"parameters\": { \"thingId\": \"string\" }", "\"parameters\": { \"thingId\": \"string\", [|\"extra\"|]: \"string\" }") },
        { "MDE2010", Valid.Replace("\"method\": \"GET\"", "\"method\": [|\"FETCH\"|]") },
        { "MDE2011", Valid.Replace("\"limits\": [\"100/minute\"]", "\"limits\": [[|\"100 per minute\"|]]") },
        { "MDE2011", Valid.Replace("\"limits\": [\"100/minute\"]", "\"limits\": [[|\"0/minute\"|]]") },
        { "MDE2012", Valid.Replace("\"returns\": \"Thing\"", "\"returns\": { \"downloadLink\": \"Thing\", \"validFor\": [|\"30 minutes\"|] }") },
        { "MDE2013", Valid.Replace("\"models\": { \"Thing\": { \"properties\": { \"id\": \"string\" } } }", "\"models\": { \"Thing\": { \"properties\": { \"id\": \"string\", [|\"id\"|]: \"string\" } } }") },
        { "MDE2013", Valid.Replace("\"enums\": { \"Kind\": [\"One\", \"Two\"] }", "\"enums\": { \"Kind\": [\"One\", [|\"One\"|]] }") },
        { "MDE2013", Valid.Replace("\"enums\": { \"Kind\"", "\"enums\": { [|\"Thing\"|]") },
        { "MDE2014", Valid.Replace("\"permissions\": { \"application\": [\"Thing.Read\"] }", "[|\"permissions\"|]: { \"application\": [], \"delegated\": [] }") },
        { "MDE2015", Valid.Replace("\"returns\": \"Thing\"", "\"returns\": \"Thing\", [|\"body\"|]: \"Thing\"") },
        { "MDE2017", Valid.Replace("\"returns\": \"Thing\"", "\"returns\": [|{|] \"value\": \"Thing\", \"downloadLink\": \"Thing\", \"validFor\": \"PT1M\" }") },
        { "MDE2017", Valid.Replace("\"returns\": \"Thing\"", "\"returns\": [|{|] \"downloadLink\": \"Thing\" }") },
        { "MDE2018", Valid.Replace("\"path\": \"/api/things/{thingId}\"", "\"path\": [|\"api/things/{thingId}\"|]") },
        { "MDE2018", Valid.Replace("\"path\": \"/api/things/{thingId}\"", "\"path\": \"/api/things/{thingId}[|?|]x=1\"") },
        { "MDE2019", Valid.Replace("\"parameters\": { \"thingId\": \"string\" }", "\"parameters\": { \"thingId\": \"string\", \"$top\": { \"type\": \"int32?\", \"in\": [|\"header\"|], \"name\": \"top\" } }") },
        { "MDE2019", Valid.Replace("\"parameters\": { \"thingId\": \"string\" }", "\"parameters\": { [|\"thingId\"|]: \"string?\" }") },
        { "MDE2020", Valid.Replace("\"audience\"", "\"visibility\": [|\"private\"|], \"audience\"") },
        { "MDE2021", Valid.Replace("\"enums\": { \"Kind\"", "\"enums\": { [|\"SampleApiClient\"|]") },
        { "MDE2021", Valid.Replace("\"properties\": { \"id\": \"string\" }", "\"properties\": { [|\"thing\"|]: \"string\" }") },
        { "MDE2021", Valid.Replace("\"properties\": { \"id\": \"string\" }", "\"properties\": { [|\"json_names\"|]: \"string\" }") },
        { "MDE2021", Valid.Replace("\"properties\": { \"id\": \"string\" }", "\"properties\": { \"aliases\": { \"type\": \"string\", \"name\": [|\"JsonAliases\"|] } }") },
        { "MDE2022", Valid.Replace("\"name\": \"Sample\"", "\"name\": \"Sample\", \"summary\": [|\"  \"|]") },
        { "MDE2024", Valid.Replace("\"id\": \"string\"", "\"id\": { \"type\": \"int32\", [|\"nulPadded\"|]: true }") },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Error_is_reported_at_its_exact_span(string id, string marked)
    {
        (string text, TextSpan expected) = MarkedText.Parse(marked);
        GenerationResult result = GeneratorHarness.Run((Path, text));

        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
        Assert.Equal(expected, diagnostic.Location.SourceSpan);
        LinePosition start = SourceText.From(text).Lines.GetLinePosition(expected.Start);
        Assert.Equal(start, diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.DoesNotContain("{0}", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void Unknown_key_message_suggests_the_closest_key()
    {
        GenerationResult result = GeneratorHarness.Run((Path, Valid.Replace("\"audience\"", "\"audiense\": \"x\", \"audience\"")));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Contains("did you mean 'audience'?", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void All_errors_of_a_spec_are_reported_in_one_build()
    {
        string text = Valid.Replace("\"FETCH\"", "x").Replace("\"method\": \"GET\"", "\"method\": \"FETCH\"").Replace("\"100/minute\"", "\"lots\"");
        GenerationResult result = GeneratorHarness.Run((Path, text));
        Assert.Equal(["MDE2010", "MDE2011"], result.GeneratorDiagnostics.Select(d => d.Id).Order());
    }

    [Fact]
    public void Two_specs_with_the_same_name_in_one_namespace_report_MDE2016_on_the_second()
    {
        GenerationResult result = GeneratorHarness.Run(("/specs/a.api.json", Valid), ("/specs/b.api.json", Valid));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MDE2016", diagnostic.Id);
        Assert.Equal("/specs/b.api.json", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("/specs/a.api.json", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Two_specs_declaring_the_same_model_in_one_namespace_report_MDE2013()
    {
        string other = Valid.Replace("\"name\": \"Sample\"", "\"name\": \"Other\"");
        GenerationResult result = GeneratorHarness.Run(("/specs/a.api.json", Valid), ("/specs/b.api.json", other));
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MDE2013", diagnostic.Id);
        Assert.Contains("'Kind'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Same_spec_in_two_namespaces_is_fine()
    {
        string other = Valid.Replace("\"Contoso.Sample\"", "\"Contoso.Other\"");
        GenerationResult result = GeneratorHarness.Run(("/specs/a.api.json", Valid), ("/specs/b.api.json", other));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Too_old_language_version_reports_MDE2023_at_the_name()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("class C { }")
            .WithOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText("class C { }", new CSharpParseOptions(LanguageVersion.CSharp10)));
        GenerationResult result = GeneratorHarness.Run([new InMemoryAdditionalText(Path, Valid)], compilation);
        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("MDE2023", diagnostic.Id);
        Assert.Equal(Valid.IndexOf("\"Sample\"", StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void Msbuild_metadata_overrides_namespace_and_visibility()
    {
        var options = new TestAnalyzerConfigOptionsProvider(new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            [Path] = new Dictionary<string, string>
            {
                ["build_metadata.AdditionalFiles.MdeBindingsNamespace"] = "Contoso.Internal",
                ["build_metadata.AdditionalFiles.MdeBindingsVisibility"] = "internal",
            },
        });
        GenerationResult result = GeneratorHarness.Run([new InMemoryAdditionalText(Path, Valid)], GeneratorHarness.CreateCompilation("class C { }"), options);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        INamedTypeSymbol api = result.Output.GetTypeByMetadataName("Contoso.Internal.ISampleApi")!;
        Assert.Equal(Accessibility.Internal, api.DeclaredAccessibility);
    }

    [Fact]
    public void Files_that_are_not_specs_are_ignored()
    {
        GenerationResult result = GeneratorHarness.Run(("/specs/notes.json", "not json at all"));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Sources);
    }
}
