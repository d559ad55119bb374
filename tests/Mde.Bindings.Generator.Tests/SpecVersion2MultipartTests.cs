using Mde.Bindings.Generator.Tests.Infrastructure;
using Mde.Bindings.Generator.Tests.SpecFormat;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// Multipart bodies (spec version 2, Specs/v2-multipart.api.json): <c>"body": { "multipart": "FormModel" }</c>, the
/// <c>file</c> field type, and the diagnostics for their wrong shapes.
/// </summary>
public sealed class SpecVersion2MultipartTests
{
    private const string SpecPath = "Specs/v2-multipart.api.json";
    private const string Path = "/specs/test.api.json";

    /// <summary>A valid version 2 spec with a multipart upload; each case replaces one part of it.</summary>
    private const string Valid = """
        {
          "specVersion": 2,
          "name": "Sample",
          "namespace": "Contoso.Sample",
          "audience": "https://api.contoso.test",
          "endpoints": {
            "Upload": {
              "method": "POST",
              "path": "/api/files",
              "body": { "multipart": "UploadForm" },
              "permissions": { "application": ["File.Write"] },
              "returns": "Thing"
            }
          },
          "models": {
            "UploadForm": { "properties": { "File": "file", "Note": "string?" } },
            "Thing": { "properties": { "id": "string" } }
          }
        }
        """;

    private static GenerationResult RunShippedTestSpec() =>
        GeneratorHarness.Run(("/specs/v2-multipart.api.json", File.ReadAllText(SpecFiles.FullPath(SpecPath))));

    private static string Source(GenerationResult result, string hintSuffix) =>
        result.Sources.Single(s => s.HintName.EndsWith(hintSuffix, StringComparison.Ordinal)).SourceText.ToString();

    [Fact]
    public void Generated_files_match_the_approved_snapshots_and_compile_cleanly()
    {
        GenerationResult result = RunShippedTestSpec();

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
        Snapshot.Verify("v2-multipart", result.Sources.ToDictionary(s => s.HintName, s => s.SourceText.ToString()));
    }

    [Fact]
    public void Valid_spec_reports_nothing()
    {
        GenerationResult result = GeneratorHarness.Run((Path, Valid));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void Form_model_is_not_json_and_its_file_is_a_FormFile()
    {
        GenerationResult result = RunShippedTestSpec();
        string model = Source(result, ".Models.ThingUpload.g.cs");
        Assert.Contains("public required global::Mde.Bindings.FormFile File { get; init; }", model, StringComparison.Ordinal);
        Assert.Contains("/// <remarks>Form field <c>HasParameters</c>.</remarks>", model, StringComparison.Ordinal);
        Assert.DoesNotContain("JsonConverter", model, StringComparison.Ordinal);
        Assert.DoesNotContain("ThingUpload", Source(result, ".JsonContext.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Client_sends_each_field_by_its_json_name_and_the_file_as_a_stream_part()
    {
        string client = Source(RunShippedTestSpec(), ".Client.g.cs");
        Assert.Contains("return SendAsync(global::Contoso.Defender.Multipart.MultipartTestApiDescription.UploadThing, global::System.Net.Http.HttpMethod.Post, uri, CreateThingUploadForm(body), ", client, StringComparison.Ordinal);
        Assert.Contains("AddFormFile(content, \"File\", form.File);", client, StringComparison.Ordinal);
        Assert.Contains("AddFormField(content, \"HasParameters\", form.HasParameters);", client, StringComparison.Ordinal);
        Assert.Contains("AddFormField(content, \"Kind\", form.Kind?.ToString());", client, StringComparison.Ordinal);
        // One factory per form model, however many operations send it.
        Assert.Equal(1, client.Split("private static global::System.Net.Http.HttpContent CreateThingUploadForm(").Length - 1);
    }

    public static TheoryData<string, string> Errors => new()
    {
        // A version 2 form in a version 1 spec.
        { "MDE2025", Valid.Replace("\"specVersion\": 2", "\"specVersion\": 1").Replace("\"body\": {", "[|\"body\"|]: {") },
        // Only POST and PUT send forms.
        { "MDE2015", Valid.Replace("\"method\": \"POST\"", "\"method\": \"PATCH\"").Replace("\"body\": {", "[|\"body\"|]: {") },
        // The form is a model, without [] or ?.
        { "MDE2015", Valid.Replace("{ \"multipart\": \"UploadForm\" }", "{ \"multipart\": [|\"string\"|] }").Replace("\"File\": \"file\", ", string.Empty) },
        { "MDE2015", Valid.Replace("{ \"multipart\": \"UploadForm\" }", "{ \"multipart\": [|\"UploadForm[]\"|] }") },
        // A body object needs "multipart" and nothing else.
        { "MDE2004", Valid.Replace("{ \"multipart\": \"UploadForm\" }", "[|{|] }").Replace("\"File\": \"file\", ", string.Empty) },
        { "MDE2003", Valid.Replace("{ \"multipart\": \"UploadForm\" }", "{ \"multipart\": \"UploadForm\", [|\"json\"|]: true }") },
        // 'file' only in a form model.
        { "MDE2007", Valid.Replace("\"id\": \"string\"", "\"id\": [|\"file\"|]") },
        // Form fields are scalars, enums or file.
        { "MDE2024", Valid.Replace("\"Note\": \"string?\"", "[|\"Note\"|]: \"string[]\"") },
        { "MDE2024", Valid.Replace("\"Note\": \"string?\"", "[|\"Note\"|]: \"Thing\"") },
        // A form model is never JSON.
        { "MDE2015", Valid.Replace("\"returns\": \"Thing\"", "\"returns\": [|\"UploadForm\"|]") },
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
    public void File_outside_a_form_model_names_the_fix()
    {
        Diagnostic diagnostic = Assert.Single(GeneratorHarness.Run((Path, Valid.Replace("\"id\": \"string\"", "\"id\": \"file\""))).GeneratorDiagnostics);
        Assert.Contains("'file' is only valid as a field of a multipart form model", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
