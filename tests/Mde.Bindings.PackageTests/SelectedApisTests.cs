using System.Text.Json;
using System.Text.RegularExpressions;
using Mde.Bindings.PackageTests.Infrastructure;

namespace Mde.Bindings.PackageTests;

/// <summary>
/// MdeBindingsApis picks the shipped specs a consumer compiles: the default, a list, <c>all</c>, and a name the
/// package does not ship. One template (Consumers/SelectedApis) is copied once per setting; its program lists every
/// generated <c>{Name}ApiDescription</c> with the number of operations its <c>All</c> holds.
/// </summary>
[Collection(PackageTestsCollection.Name)]
public sealed partial class SelectedApisTests(PackageFeedFixture feed)
{
    /// <summary>Issue 15: with every shipped spec, the consumer sees at least this many operations.</summary>
    private const int WholeApiOperations = 110;

    [Fact]
    public async Task Without_the_property_only_the_live_response_api_is_generated()
    {
        IReadOnlyDictionary<string, int> apis = await BuildAndListAsync("DefaultApis", apisLine: null);

        Assert.Equal([ShippedSpec.Read("live-response").DescriptionType], apis.Keys);
    }

    [Fact]
    public async Task A_list_generates_exactly_the_named_apis_whatever_the_case_and_spacing()
    {
        // The first two shipped specs by name (one while only live-response ships), written as a user might type them.
        IReadOnlyList<ShippedSpec> chosen = ShippedSpec.All().Take(2).ToList();
        string list = " " + string.Join(" ; ", chosen.Select(spec => spec.FileName.ToUpperInvariant())) + " ;";

        IReadOnlyDictionary<string, int> apis = await BuildAndListAsync("ListedApis", $"<MdeBindingsApis>{list}</MdeBindingsApis>");

        Assert.Equal(chosen.Select(spec => spec.DescriptionType).Order(StringComparer.Ordinal), apis.Keys);
    }

    [Fact]
    public async Task All_generates_every_shipped_api_with_no_warning_and_the_whole_api()
    {
        IReadOnlyList<ShippedSpec> shipped = ShippedSpec.All();

        IReadOnlyDictionary<string, int> apis = await BuildAndListAsync("AllApis", "<MdeBindingsApis>all</MdeBindingsApis>");

        Assert.Equal(shipped.Select(spec => spec.DescriptionType).Order(StringComparer.Ordinal), apis.Keys);
        Assert.All(shipped, spec => Assert.Equal(spec.OperationCount, apis[spec.DescriptionType]));
        int operations = apis.Values.Sum();
        Assert.True(operations >= WholeApiOperations, $"The shipped specs describe {operations} operations through their ApiDescription.All; the whole API has at least {WholeApiOperations}.");
    }

    [Fact]
    public async Task A_name_the_package_does_not_ship_stops_the_build_naming_it_and_the_shipped_ones()
    {
        ConsumerProject app = feed.ConsumerCopy("SelectedApis", "UnknownApi");
        SetApisLine(app, "<MdeBindingsApis>live-response;alerts-typo</MdeBindingsApis>");

        ProcessResult build = await app.BuildAsync();

        Assert.NotEqual(0, build.ExitCode);
        string error = build.Output.Split('\n').FirstOrDefault(line => line.Contains("error : MdeBindingsApis names", StringComparison.Ordinal))
            ?? throw new Xunit.Sdk.XunitException("No MdeBindingsApis error in the build output: " + build.Describe());
        Assert.Contains("\"alerts-typo\"", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\"live-response\"", error, StringComparison.Ordinal);
        Assert.All(ShippedSpec.All(), spec => Assert.Contains(spec.FileName, error, StringComparison.Ordinal));
        Assert.DoesNotContain("error CS", build.Output, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyDictionary<string, int>> BuildAndListAsync(string name, string? apisLine)
    {
        ConsumerProject app = feed.ConsumerCopy("SelectedApis", name);
        SetApisLine(app, apisLine);

        ProcessResult build = await app.BuildAsync();

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.True(BuildDiagnostic.Parse(build.Output).Count == 0, "No warning expected: " + build.Describe());
        ProcessResult run = await app.RunAsync();
        Assert.True(run.ExitCode == 0, run.Describe());

        var apis = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (Match line in ApiLine().Matches(run.Output))
        {
            apis.Add(line.Groups["type"].Value, int.Parse(line.Groups["count"].Value));
        }

        Assert.Contains($"operations: {apis.Values.Sum()}", run.Output, StringComparison.Ordinal);
        return apis;
    }

    private static void SetApisLine(ConsumerProject app, string? line)
    {
        string project = Path.Combine(app.Directory, app.Name + ".csproj");
        string text = File.ReadAllText(project);
        Assert.Contains("<!-- MdeBindingsApis -->", text, StringComparison.Ordinal);
        File.WriteAllText(project, text.Replace("<!-- MdeBindingsApis -->", line ?? string.Empty, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^api (?<type>\S+) (?<count>\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex ApiLine();

    /// <summary>A spec the package ships (api-spec/*.api.json of this repository, packed into specs/).</summary>
    private sealed record ShippedSpec(string FileName, string DescriptionType, int OperationCount)
    {
        public static IReadOnlyList<ShippedSpec> All() =>
            Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "api-spec"), "*.api.json")
                .Select(path => Read(Path.GetFileName(path)[..^".api.json".Length]))
                .OrderBy(spec => spec.FileName, StringComparer.Ordinal)
                .ToList();

        public static ShippedSpec Read(string fileName)
        {
            string path = Path.Combine(RepositoryRoot.Path, "api-spec", fileName + ".api.json");
            using JsonDocument spec = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonElement root = spec.RootElement;
            return new ShippedSpec(
                fileName,
                $"{root.GetProperty("namespace").GetString()}.{root.GetProperty("name").GetString()}ApiDescription",
                root.GetProperty("endpoints").EnumerateObject().Count());
        }
    }
}
