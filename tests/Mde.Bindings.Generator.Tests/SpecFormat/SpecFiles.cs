namespace Mde.Bindings.Generator.Tests.SpecFormat;

/// <summary>The spec files and test data the build copies next to the test assembly.</summary>
internal static class SpecFiles
{
    private static string Output => AppContext.BaseDirectory;

    public static string SchemaPath => Path.Combine(Output, "api-spec", "schema", "api-spec.schema.json");

    public static string AllFeaturesSpecPath => Path.Combine(Output, "Specs", "all-features.api.json");

    public static string PagingSpecPath => Path.Combine(Output, "Specs", "v2-paging.api.json");

    public static string MultipartSpecPath => Path.Combine(Output, "Specs", "v2-multipart.api.json");

    public static string LiveResponseSpecPath => Path.Combine(Output, "api-spec", "live-response.api.json");

    public static string FormatReferencePath => Path.Combine(Output, "api-spec", "README.md");

    public static string DocsExamplesDirectory => Path.Combine(Output, "TestData", "docs-examples");

    /// <summary>Every shipped spec (api-spec/*.api.json) and the test specs (all-features, v2-paging, v2-multipart).</summary>
    public static IEnumerable<string> AllSpecPaths =>
        Directory.EnumerateFiles(Path.Combine(Output, "api-spec"), "*.api.json", SearchOption.TopDirectoryOnly)
            .Append(AllFeaturesSpecPath)
            .Append(PagingSpecPath)
            .Append(MultipartSpecPath)
            .Order(StringComparer.Ordinal);

    /// <summary>Paths relative to the output folder, so theory cases have stable, readable names.</summary>
    public static TheoryData<string> AllSpecs() => new(AllSpecPaths.Select(p => Path.GetRelativePath(Output, p)));

    public static string FullPath(string relativePath) => Path.Combine(Output, relativePath);
}
