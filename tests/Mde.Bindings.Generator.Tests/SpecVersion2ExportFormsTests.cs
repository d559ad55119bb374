using Mde.Bindings.Generator.Tests.Infrastructure;
using Mde.Bindings.Generator.Tests.SpecFormat;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// The spec version 2 forms of the export task (Specs/v2-exports.api.json): the <c>json</c> type, <c>exportFiles</c>
/// returns, OData function paths, POST reads, operations without a body and unthrottled operations. Version 1 specs
/// keep their output: the live-response and all-features snapshots are unchanged.
/// </summary>
public sealed class SpecVersion2ExportFormsTests
{
    private const string SpecPath = "Specs/v2-exports.api.json";
    private const string Path = "/specs/test.api.json";

    /// <summary>A valid version 2 spec; each case replaces one part of it.</summary>
    private const string Valid = """
        {
          "specVersion": 2,
          "name": "Sample",
          "namespace": "Contoso.Sample",
          "audience": "https://api.contoso.test",
          "endpoints": {
            "ExportThings": {
              "method": "GET",
              "path": "/api/things/export",
              "permissions": { "application": ["Thing.Read"] },
              "limits": ["5/minute"],
              "returns": { "exportFiles": "Thing", "validFor": "PT1H" }
            }
          },
          "models": { "Thing": { "properties": { "id": "string", "extra": "json?" } } }
        }
        """;

    private static GenerationResult RunShippedTestSpec() =>
        GeneratorHarness.Run(("/specs/v2-exports.api.json", File.ReadAllText(SpecFiles.FullPath(SpecPath))));

    private static string Source(GenerationResult result, string hintSuffix) =>
        result.Sources.Single(s => s.HintName.EndsWith(hintSuffix, StringComparison.Ordinal)).SourceText.ToString();

    [Fact]
    public void Generated_files_match_the_approved_snapshots_and_compile_cleanly()
    {
        GenerationResult result = RunShippedTestSpec();

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        Snapshot.Verify("v2-exports", result.Sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString()));
    }

    [Fact]
    public void Valid_version_2_spec_reports_nothing()
    {
        GenerationResult result = GeneratorHarness.Run((Path, Valid));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Json_is_a_JsonElement_in_models_and_lists()
    {
        string model = Source(RunShippedTestSpec(), ".Models.AdvancedQueryResponse.g.cs");
        Assert.Contains("global::System.Collections.Generic.IReadOnlyList<global::System.Text.Json.JsonElement> Results", model, StringComparison.Ordinal);
        Assert.Contains("global::System.Text.Json.JsonElement? Stats", model, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_operation_returns_ExportFiles_of_its_row_model_and_documents_the_link_lifetime()
    {
        GenerationResult result = RunShippedTestSpec();
        string api = Source(result, ".Interface.g.cs");
        Assert.Contains("global::System.Threading.Tasks.Task<global::Mde.Bindings.Exports.ExportFiles<global::Contoso.Defender.V2.SecureConfigurationRow>> ExportSecureConfigurationsAssessmentAsync([global::Refit.Query] int? sasValidHours = null, ", api, StringComparison.Ordinal);
        Assert.Contains("valid for 01:00:00) to GZIP JSON-lines files", api, StringComparison.Ordinal);
        Assert.Contains("SendForExportFilesAsync(", Source(result, ".Client.g.cs"), StringComparison.Ordinal);
        Assert.Contains("new(20, global::System.TimeSpan.FromTicks(36000000000)) },\n            global::System.TimeSpan.FromTicks(36000000000));", Source(result, ".Description.g.cs").Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Function_path_quotes_string_values_as_OData_literals_and_formats_the_rest_as_path_values()
    {
        string client = Source(RunShippedTestSpec(), ".Client.g.cs");
        Assert.Contains("\"/api/machines/findbyip(ip='\" + global::Mde.Bindings.GeneratedCode.UrlFormatter.QuotedPath(ip) + \"',timestamp=\" + global::Mde.Bindings.GeneratedCode.UrlFormatter.Path(timestamp) + \")\"", client, StringComparison.Ordinal);
        Assert.Contains("UrlFormatter.QuotedPath(tag.ToString()) + \"',top=\" + global::Mde.Bindings.GeneratedCode.UrlFormatter.Path(top)", client, StringComparison.Ordinal);
    }

    [Fact]
    public void Post_read_takes_the_body_and_returns_the_model()
    {
        string api = Source(RunShippedTestSpec(), ".Interface.g.cs");
        Assert.Contains("[global::Refit.Post(\"/api/advancedqueries/run\")]", api, StringComparison.Ordinal);
        Assert.Contains("global::System.Threading.Tasks.Task<global::Contoso.Defender.V2.AdvancedQueryResponse> RunAdvancedQueryAsync([global::Refit.Body] global::Contoso.Defender.V2.AdvancedQuery body, ", api, StringComparison.Ordinal);
    }

    [Fact]
    public void Unthrottled_operation_says_so_and_its_decorator_takes_no_permit()
    {
        GenerationResult result = RunShippedTestSpec();
        Assert.Contains("/// <summary>GET /api/events/{eventId} Unthrottled: the spec declares no rate limit, so no permit is taken.</summary>", Source(result, ".Description.g.cs"), StringComparison.Ordinal);
        Assert.Contains("/// <para>Rate limits: none (unthrottled: no permit is taken).</para>", Source(result, ".Interface.g.cs"), StringComparison.Ordinal);
        string throttled = Source(result, ".Throttled.g.cs");
        int method = throttled.IndexOf("GetRawEventAsync(", StringComparison.Ordinal);
        Assert.True(method > 0);
        Assert.StartsWith("GetRawEventAsync(string eventId, global::System.Threading.CancellationToken cancellationToken = default) =>\n        _inner.GetRawEventAsync(", throttled[method..].Replace("\r\n", "\n").Replace("    _inner", "_inner", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_1_spec_keeps_its_words_for_an_operation_without_limits()
    {
        string v1 = Valid.Replace("\"specVersion\": 2", "\"specVersion\": 1").Replace("\"returns\": { \"exportFiles\": \"Thing\", \"validFor\": \"PT1H\" }", "\"returns\": \"Thing\"").Replace(", \"extra\": \"json?\"", string.Empty).Replace("\"limits\": [\"5/minute\"],", string.Empty);
        GenerationResult result = GeneratorHarness.Run((Path, v1));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains("Rate limits: none declared.", Source(result, ".Interface.g.cs"), StringComparison.Ordinal);
        Assert.DoesNotContain("Unthrottled", Source(result, ".Description.g.cs"), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Errors => new()
    {
        // Version 2 forms in a version 1 spec.
        { "MDE2025", Valid.Replace("\"specVersion\": 2", "\"specVersion\": 1").Replace("\"extra\": \"json?\"", "\"extra\": [|\"json?\"|]").Replace("{ \"exportFiles\": \"Thing\", \"validFor\": \"PT1H\" }", "\"Thing\"") },
        { "MDE2025", Valid.Replace("\"specVersion\": 2", "\"specVersion\": 1").Replace(", \"extra\": \"json?\"", string.Empty).Replace("{ \"exportFiles\"", "{ [|\"exportFiles\"|]") },
        // Wrong shapes of exportFiles.
        { "MDE2017", Valid.Replace("\"exportFiles\": \"Thing\"", "\"exportFiles\": [|\"Thing[]\"|]") },
        { "MDE2017", Valid.Replace("\"exportFiles\": \"Thing\"", "\"exportFiles\": [|\"string\"|]") },
        { "MDE2017", Valid.Replace("\"returns\": { \"exportFiles\": \"Thing\", \"validFor\": \"PT1H\" }", "\"returns\": [|{|] \"exportFiles\": \"Thing\" }") },
        { "MDE2017", Valid.Replace("\"returns\": { \"exportFiles\"", "\"returns\": [|{|] \"value\": \"Thing\", \"exportFiles\"") },
        { "MDE2012", Valid.Replace("\"validFor\": \"PT1H\"", "\"validFor\": [|\"1 hour\"|]") },
        // json cannot be a path or query parameter.
        { "MDE2019", Valid.Replace("\"path\": \"/api/things/export\",", "\"path\": \"/api/things/export\", \"parameters\": { [|\"filter\"|]: { \"type\": \"json\", \"in\": \"query\" } },") },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Error_is_reported_at_its_exact_span(string id, string marked)
    {
        (string text, TextSpan expected) = MarkedText.Parse(marked);
        GenerationResult result = GeneratorHarness.Run((Path, text));

        Diagnostic diagnostic = Assert.Single(result.GeneratorDiagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(expected, diagnostic.Location.SourceSpan);
        Assert.Empty(result.Sources);
    }

    [Fact]
    public void Version_2_form_in_a_version_1_spec_names_the_fix()
    {
        string text = Valid.Replace("\"specVersion\": 2", "\"specVersion\": 1").Replace(", \"extra\": \"json?\"", string.Empty);
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run((Path, text)).GeneratorDiagnostics);
        Assert.Equal("Returns { \"exportFiles\": … } is a spec version 2 form: write \"specVersion\": 2 at the top of the spec", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
