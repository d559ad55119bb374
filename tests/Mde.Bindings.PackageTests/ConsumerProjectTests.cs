using Mde.Bindings.PackageTests.Infrastructure;

namespace Mde.Bindings.PackageTests;

/// <summary>
/// Consumer projects restored from the packed package, built and run as a user builds and runs them. Each project is
/// a template under Consumers/ that the fixture copies next to the feed.
/// </summary>
[Collection(PackageTestsCollection.Name)]
public sealed class ConsumerProjectTests(PackageFeedFixture feed)
{
    /// <summary>What the compiler reports when a generator or an analyzer of the package cannot load or throws.</summary>
    private static readonly string[] CompilerComponentFailures =
    [
        "CS8785", // a generator threw
        "CS8784", // a generator failed to initialize
        "AD0001", // an analyzer threw
        "CS8032", // an analyzer could not be created
        "CS8033", // an assembly holds no analyzer
        "CS9057", // a component references a newer compiler than the one running
    ];

    [Fact]
    public async Task Package_reference_alone_gives_the_live_response_client_and_the_analyzer()
    {
        ConsumerProject app = feed.Consumer("ShippedClient");

        ProcessResult build = await app.BuildAsync();

        AssertBuilt(build);
        await AssertRunsAsync(app, "shipped client: 3 calls answered");

        // The analyzer ships in the same package: the stored link is reported where it is stored, and nothing else is.
        AssertOnlyLinkStoredAt(app, build, "ResultLinks.cs");
    }

    [Fact]
    public async Task Own_spec_in_the_project_folder_is_generated_compiled_and_called()
    {
        ConsumerProject app = feed.Consumer("OwnSpec");

        ProcessResult build = await app.BuildAsync();

        AssertBuilt(build);
        await AssertRunsAsync(app, "own spec: 4 calls answered, 1 link kept");

        // The rule is keyed on the attribute, so the own spec's link type gets it too.
        AssertOnlyLinkStoredAt(app, build, "PendingExports.cs");
    }

    [Fact]
    public async Task Broken_spec_fails_the_build_at_the_mistake_without_a_crashed_component()
    {
        ConsumerProject library = feed.Consumer("BrokenSpec");
        const string spec = "api-spec/tickets.api.json";
        int line = library.LineOf(spec, "\"datetim\"");
        int column = File.ReadAllLines(Path.Combine(library.Directory, spec))[line - 1].IndexOf("\"datetim\"", StringComparison.Ordinal) + 1;

        ProcessResult build = await library.BuildAsync();

        Assert.NotEqual(0, build.ExitCode);
        AssertCompilerComponentsRan(build);
        List<BuildDiagnostic> errors = BuildDiagnostic.Parse(build.Output).Where(d => d.Severity == "error").ToList();
        Assert.True(
            errors.Any(d => d is { Id: "MDE2007", FileName: "tickets.api.json" } && d.Line == line && d.Column == column),
            $"MDE2007 expected at {spec}({line},{column}); got:{Environment.NewLine}{build.Output}");
        Assert.All(errors, d => Assert.StartsWith("MDE2", d.Id));
    }

    [Fact]
    public async Task Opting_out_of_the_default_spec_generates_no_live_response_types()
    {
        ConsumerProject app = feed.Consumer("NoDefaultSpec");

        ProcessResult build = await app.BuildAsync();

        AssertBuilt(build);
        await AssertRunsAsync(app, "0 live response types");
    }

    [Fact]
    public async Task A_spec_that_reaches_the_build_several_ways_is_generated_once()
    {
        ConsumerProject app = feed.Consumer("DuplicateSpecs");
        app.WriteFile("api-spec/live-response.api.json", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "api-spec", "live-response.api.json")));

        ProcessResult build = await app.BuildAsync();

        AssertBuilt(build);
        Assert.Empty(BuildDiagnostic.Parse(build.Output));
        await AssertRunsAsync(app, "generated once, as Contoso.LiveResponse");
    }

    [Fact]
    public async Task Two_projects_of_one_solution_share_one_copy_of_an_api()
    {
        ConsumerProject app = feed.Consumer("TwoProjects");

        ProcessResult build = await app.BuildAsync();

        AssertBuilt(build);
        Assert.Empty(BuildDiagnostic.Parse(build.Output));
        await AssertRunsAsync(app, "two projects: one copy of the live response API, in the library");
    }

    [Fact]
    public async Task Trimmed_consumer_gets_no_warning_from_generated_code_or_the_runtime()
    {
        ConsumerProject app = feed.Consumer("TrimAnalysis");

        ProcessResult build = await app.BuildAsync();

        AssertBuilt(build);
        Assert.True(BuildDiagnostic.Parse(build.Output).Count == 0, "No warning expected from a consumer with trim, AOT and single-file analysis on: " + build.Describe());
        await AssertRunsAsync(app, "trim analysis: 4 calls answered");
    }

    [Fact]
    public async Task Redis_package_alone_brings_the_whole_of_Mde_Bindings()
    {
        ConsumerProject app = feed.Consumer("RedisOnly");

        ProcessResult build = await app.BuildAsync();

        AssertBuilt(build);
        Assert.Empty(BuildDiagnostic.Parse(build.Output));
        await AssertRunsAsync(app, "redis only:");
    }

    private static void AssertBuilt(ProcessResult build)
    {
        Assert.True(build.ExitCode == 0, build.Describe());
        AssertCompilerComponentsRan(build);
    }

    private static async Task AssertRunsAsync(ConsumerProject app, string expectedOutput)
    {
        ProcessResult run = await app.RunAsync();
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains(expectedOutput, run.Output);
    }

    // The line marked "// MDE1001 expected" in the file gets the warning, and no other diagnostic is reported.
    private static void AssertOnlyLinkStoredAt(ConsumerProject app, ProcessResult build, string fileName)
    {
        IReadOnlyList<BuildDiagnostic> diagnostics = BuildDiagnostic.Parse(build.Output);
        int line = app.LineOf(fileName, "// MDE1001 expected");
        Assert.True(
            diagnostics.Any(d => d is { Id: "MDE1001", Severity: "warning" } && d.FileName == fileName && d.Line == line),
            $"MDE1001 expected at {fileName} line {line}; got:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}");
        Assert.All(diagnostics, d => Assert.Equal("MDE1001", d.Id));
    }

    private static void AssertCompilerComponentsRan(ProcessResult build)
    {
        string[] failures = CompilerComponentFailures.Where(id => build.Output.Contains(id, StringComparison.Ordinal)).ToArray();
        Assert.True(failures.Length == 0, $"The package's compiler components failed ({string.Join(", ", failures)}): {build.Describe()}");
    }
}
