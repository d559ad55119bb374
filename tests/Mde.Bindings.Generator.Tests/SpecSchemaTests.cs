using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Mde.Bindings.Generator.Tests.SpecFormat;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// The JSON Schema of the spec format (api-spec/schema/api-spec.schema.json) accepts every spec the
/// repository has and rejects the mistakes a spec author makes, pointing at the offending value.
/// </summary>
public sealed class SpecSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromFile(SpecFiles.SchemaPath));

    [Fact]
    public void Schema_is_a_valid_draft_2020_12_schema()
    {
        using var schemaDocument = JsonDocument.Parse(File.ReadAllText(SpecFiles.SchemaPath));

        var results = MetaSchemas.Draft202012.Evaluate(
            schemaDocument.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });

        Assert.True(results.IsValid, Describe(FailuresOf(results)));
    }

    [Theory]
    [MemberData(nameof(SpecFiles.AllSpecs), MemberType = typeof(SpecFiles))]
    public void Spec_validates_against_the_schema(string specPath)
    {
        var failures = Validate(JsonNode.Parse(File.ReadAllText(SpecFiles.FullPath(specPath)))!);

        Assert.True(failures.Count == 0, Describe(failures));
    }

    [Fact]
    public void Version_2_export_forms_validate_against_the_schema()
    {
        var failures = Validate(JsonNode.Parse(File.ReadAllText(SpecFiles.FullPath("Specs/v2-exports.api.json")))!);

        Assert.True(failures.Count == 0, Describe(failures));
    }

    [Theory]
    [InlineData("LiveResponseTranscript", true)]
    [InlineData("LiveResponseTranscript[]", false)]
    [InlineData("json", false)]
    [InlineData("string", false)]
    public void Export_files_take_a_model_name_only(string rows, bool valid)
    {
        var spec = LiveResponseSpec();
        spec["specVersion"] = 2;
        spec["endpoints"]!["GetLiveResponseResultDownloadLink"]!["returns"] = new JsonObject { ["exportFiles"] = rows, ["validFor"] = "PT1H" };

        var failures = Validate(spec);

        Assert.True(valid == (failures.Count == 0), Describe(failures));
    }

    [Fact]
    public void Json_path_parameter_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["specVersion"] = 2;
        spec["endpoints"]!["GetLiveResponseResultDownloadLink"]!["parameters"]!["machineActionId"] = "json";

        Assert.NotEmpty(Validate(spec));
    }

    [Fact]
    public void Multipart_body_object_validates_and_needs_its_model_name()
    {
        var spec = LiveResponseSpec();
        spec["specVersion"] = 2;
        var endpoint = spec["endpoints"]!["RunLiveResponse"]!.AsObject();
        endpoint["body"] = new JsonObject { ["multipart"] = "RunLiveResponseRequest" };
        Assert.True(Validate(spec).Count == 0, Describe(Validate(spec)));

        endpoint["body"] = new JsonObject { ["multipart"] = "RunLiveResponseRequest", ["json"] = true };
        Assert.NotEmpty(Validate(spec));
        endpoint["body"] = new JsonObject { ["multipart"] = "file" };
        Assert.NotEmpty(Validate(spec));
    }

    [Fact]
    public void File_path_parameter_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["specVersion"] = 2;
        spec["endpoints"]!["GetLiveResponseResultDownloadLink"]!["parameters"]!["machineActionId"] = "file";

        Assert.NotEmpty(Validate(spec));
    }

    [Fact]
    public void Complete_example_of_the_format_reference_validates_against_the_schema()
    {
        var readme = File.ReadAllText(SpecFiles.FormatReferencePath);
        const string Fence = "```json";
        var start = readme.IndexOf(Fence, StringComparison.Ordinal) + Fence.Length;
        var example = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var failures = Validate(JsonNode.Parse(example)!);

        Assert.Contains("\"specVersion\": 1", example, StringComparison.Ordinal);
        Assert.True(failures.Count == 0, Describe(failures));
    }

    [Fact]
    public void The_repository_ships_the_live_response_spec()
    {
        Assert.Contains(SpecFiles.AllSpecPaths, p => Path.GetFileName(p) == "live-response.api.json");
    }

    [Fact]
    public void Extension_keys_are_accepted_at_every_level()
    {
        var spec = LiveResponseSpec();
        var endpoint = spec["endpoints"]!["GetLiveResponseResultDownloadLink"]!.AsObject();
        var model = spec["models"]!["LiveResponseTranscript"]!.AsObject();
        foreach (var target in new[]
                 {
                     spec, spec["endpoints"]!.AsObject(), endpoint, endpoint["parameters"]!.AsObject(),
                     endpoint["parameters"]!["commandIndex"]!.AsObject(), endpoint["permissions"]!.AsObject(),
                     endpoint["returns"]!.AsObject(), spec["models"]!.AsObject(), model, model["properties"]!.AsObject(),
                     model["properties"]!["script_name"]!.AsObject(), spec["enums"]!.AsObject(),
                     spec["enums"]!["CommandStatus"]!.AsObject(),
                 })
        {
            target["x-test-note"] = new JsonObject { ["any"] = new JsonArray(1, "two", null) };
        }

        var failures = Validate(spec);

        Assert.True(failures.Count == 0, Describe(failures));
    }

    [Fact]
    public void Unknown_key_is_rejected_where_it_is()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["GetMachineAction"]!["summry"] = "typo of summary";

        AssertRejected(spec, "/endpoints/GetMachineAction/summry", "");
    }

    [Fact]
    public void Unknown_top_level_key_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["model"] = new JsonObject();

        AssertRejected(spec, "/model", "");
    }

    [Fact]
    public void Unsupported_method_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["GetMachineAction"]!["method"] = "FETCH";

        AssertRejected(spec, "/endpoints/GetMachineAction/method", "enum");
    }

    [Fact]
    public void Lower_case_method_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["GetMachineAction"]!["method"] = "get";

        AssertRejected(spec, "/endpoints/GetMachineAction/method", "enum");
    }

    [Theory]
    [InlineData("10/minutes")]
    [InlineData("0/minute")]
    [InlineData("ten/minute")]
    [InlineData("10 per minute")]
    [InlineData("10/week")]
    public void Unreadable_limit_is_rejected(string limit)
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["RunLiveResponse"]!["limits"] = new JsonArray(limit);

        AssertRejected(spec, "/endpoints/RunLiveResponse/limits/0", "pattern");
    }

    [Theory]
    [InlineData("int32?[]")]
    [InlineData("List<string>")]
    [InlineData("string[][]")]
    [InlineData("MachineAction??")]
    [InlineData("bytes")]
    [InlineData("int")]
    [InlineData("Guid")]
    [InlineData("DateTimeOffset?")]
    [InlineData("")]
    public void Malformed_property_type_is_rejected(string type)
    {
        var spec = LiveResponseSpec();
        spec["models"]!["LiveResponseTranscript"]!["properties"]!["exit_code"] = type;

        AssertRejected(spec, "/models/LiveResponseTranscript/properties/exit_code", "pattern");
    }

    [Fact]
    public void Malformed_type_inside_a_property_object_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["models"]!["MachineAction"]!["properties"]!["errorHResult"]!["type"] = "integer?";

        AssertRejected(spec, "/models/MachineAction/properties/errorHResult/type", "pattern");
    }

    [Fact]
    public void Missing_permissions_are_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["ListLibraryFiles"]!.AsObject().Remove("permissions");

        var failure = AssertRejected(spec, "/endpoints/ListLibraryFiles", "required");
        Assert.Contains("permissions", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Permissions_with_both_lists_empty_are_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["ListLibraryFiles"]!["permissions"] = new JsonObject
        {
            ["application"] = new JsonArray(),
            ["delegated"] = new JsonArray(),
        };

        AssertRejected(spec, "/endpoints/ListLibraryFiles/permissions/application", "minItems");
        AssertRejected(spec, "/endpoints/ListLibraryFiles/permissions/delegated", "minItems");
    }

    [Fact]
    public void Permission_name_with_a_stray_quote_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["GetPackageUri"]!["permissions"]!["application"] = new JsonArray("\"Machine.ReadWrite.All");

        AssertRejected(spec, "/endpoints/GetPackageUri/permissions/application/0", "pattern");
    }

    [Fact]
    public void Body_on_a_get_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["GetMachineAction"]!["body"] = "CancelMachineActionRequest";

        AssertRejected(spec, "/endpoints/GetMachineAction/body", "");
    }

    [Theory]
    [InlineData("30 minutes")]
    [InlineData("PT0M")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("30M")]
    public void Unreadable_link_lifetime_is_rejected(string validFor)
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["GetLiveResponseResultDownloadLink"]!["returns"]!["validFor"] = validFor;

        var failures = Validate(spec);
        Assert.Contains(failures, f => f.Location == "/endpoints/GetLiveResponseResultDownloadLink/returns/validFor" && f.Keyword == "pattern");
    }

    [Fact]
    public void Download_link_without_a_lifetime_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["GetLiveResponseResultDownloadLink"]!["returns"]!.AsObject().Remove("validFor");

        var failures = Validate(spec);
        Assert.Contains(failures, f => f.Location == "/endpoints/GetLiveResponseResultDownloadLink/returns" && f.Keyword == "required" && f.Message.Contains("validFor", StringComparison.Ordinal));
    }

    [Fact]
    public void Nullable_path_parameter_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["GetLiveResponseResultDownloadLink"]!["parameters"]!["commandIndex"]!["type"] = "int32?";

        var failures = Validate(spec);
        Assert.Contains(failures, f => f.Location == "/endpoints/GetLiveResponseResultDownloadLink/parameters/commandIndex/type" && f.Keyword == "pattern");
    }

    [Fact]
    public void Array_query_parameter_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["ListMachineActions"]!["parameters"]!["$filter"]!["type"] = "string[]";

        var failures = Validate(spec);
        Assert.Contains(failures, f => f.Location == "/endpoints/ListMachineActions/parameters/$filter/type" && f.Keyword == "pattern");
    }

    [Fact]
    public void Unknown_parameter_location_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["endpoints"]!["ListMachineActions"]!["parameters"]!["$top"]!["in"] = "header";

        var failures = Validate(spec);
        Assert.Contains(failures, f => f.Location == "/endpoints/ListMachineActions/parameters/$top/in" && f.Keyword == "enum");
    }

    [Fact]
    public void Nul_padding_on_a_non_string_is_rejected()
    {
        var spec = LiveResponseSpec();
        spec["models"]!["LiveResponseTranscript"]!["properties"]!["exit_code"] = new JsonObject
        {
            ["type"] = "int32",
            ["nulPadded"] = true,
        };

        var failures = Validate(spec);
        Assert.Contains(failures, f => f.Location == "/models/LiveResponseTranscript/properties/exit_code/type" && f.Keyword == "pattern");
    }

    [Fact]
    public void Other_spec_versions_are_rejected()
    {
        var spec = LiveResponseSpec();
        spec["specVersion"] = 3;

        AssertRejected(spec, "/specVersion", "enum");
    }

    [Theory]
    [InlineData("name", "Live-Response")]
    [InlineData("name", "1LiveResponse")]
    [InlineData("namespace", "Mde..Bindings")]
    [InlineData("audience", "api.securitycenter.microsoft.com")]
    [InlineData("visibility", "private")]
    public void Malformed_top_level_value_is_rejected(string key, string value)
    {
        var spec = LiveResponseSpec();
        spec[key] = value;

        var failures = Validate(spec);
        Assert.Contains(failures, f => f.Location == "/" + key);
    }

    [Fact]
    public void Operation_name_that_is_not_an_identifier_is_rejected()
    {
        var spec = LiveResponseSpec();
        var endpoints = spec["endpoints"]!.AsObject();
        var endpoint = endpoints["ListLibraryFiles"]!;
        endpoints.Remove("ListLibraryFiles");
        endpoints["List-Library-Files"] = endpoint;

        AssertRejected(spec, "/endpoints/List-Library-Files", "pattern");
    }

    [Fact]
    public void Every_docs_example_named_json_is_valid_json()
    {
        var examples = Directory.GetFiles(SpecFiles.DocsExamplesDirectory, "*.json");

        Assert.NotEmpty(examples);
        foreach (var path in examples)
        {
            var exception = Record.Exception(() => JsonDocument.Parse(File.ReadAllText(path)).Dispose());
            Assert.True(exception is null, $"{Path.GetFileName(path)} is not valid JSON: {exception?.Message}");
        }
    }

    [Fact]
    public void Docs_examples_kept_as_published_are_invalid_json_as_their_names_say()
    {
        var examples = Directory.GetFiles(SpecFiles.DocsExamplesDirectory, "*.doc-example.txt");

        Assert.NotEmpty(examples);
        foreach (var path in examples)
        {
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(File.ReadAllText(path)).Dispose());
        }
    }

    private static JsonObject LiveResponseSpec() =>
        JsonNode.Parse(File.ReadAllText(SpecFiles.LiveResponseSpecPath))!.AsObject();

    private static SchemaFailure AssertRejected(JsonNode spec, string location, string keyword)
    {
        var failures = Validate(spec);
        Assert.NotEmpty(failures);
        var failure = failures.FirstOrDefault(f => f.Location == location && f.Keyword == keyword);
        Assert.True(failure is not null, $"Expected a '{keyword}' failure at {location}; got:{Environment.NewLine}{Describe(failures)}");
        return failure;
    }

    private static IReadOnlyList<SchemaFailure> Validate(JsonNode spec)
    {
        var results = Schema.Value.Evaluate(
            JsonSerializer.SerializeToElement(spec), new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return FailuresOf(results);
    }

    /// <summary>
    /// The errors that make the document invalid: those on a path of failed nodes from the root. Failed
    /// branches of a passing oneOf/anyOf and failed "if" conditions are not failures of the document.
    /// </summary>
    private static IReadOnlyList<SchemaFailure> FailuresOf(EvaluationResults results)
    {
        var failures = new List<SchemaFailure>();
        Collect(results);
        return failures;

        void Collect(EvaluationResults node)
        {
            if (node.IsValid || node.EvaluationPath.ToString().EndsWith("/if", StringComparison.Ordinal))
            {
                return;
            }

            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            {
                failures.Add(new SchemaFailure(node.InstanceLocation.ToString(), node.EvaluationPath.ToString(), keyword, message));
            }

            foreach (var child in node.Details ?? [])
            {
                Collect(child);
            }
        }
    }

    private static string Describe(IEnumerable<SchemaFailure> failures) =>
        string.Join(Environment.NewLine, failures.Select(f => f.ToString()));

    private sealed record SchemaFailure(string Location, string SchemaPath, string Keyword, string Message)
    {
        public override string ToString() => $"{Location} [{SchemaPath}] {Keyword}: {Message}";
    }
}
