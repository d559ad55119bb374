using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Mde.Bindings.PackageTests.Infrastructure;

namespace Mde.Bindings.PackageTests;

/// <summary>
/// The packages depend on the lowest versions that work, per target framework, as listed with their reasons in the
/// repository's Directory.Packages.props; a consumer that pins those versions restores, builds and runs.
/// </summary>
[Collection(PackageTestsCollection.Name)]
public sealed class DependencyFloorTests(PackageFeedFixture feed)
{
    private static readonly string[] TargetFrameworks = ["net8.0", "net10.0"];

    private static readonly IReadOnlyList<DependencyFloor> Floors = DependencyFloor.ReadAll();

    [Fact]
    public void Every_floor_names_its_version_in_the_reason_written_next_to_it()
    {
        var problems = new List<string>();
        foreach (DependencyFloor floor in Floors)
        {
            if (string.IsNullOrWhiteSpace(floor.PackageId) || !TargetFrameworks.Contains(floor.TargetFramework) || !NuGetVersionLike(floor.Version))
            {
                problems.Add($"{floor}: a floor needs Include (a package id), TargetFramework ({string.Join(" or ", TargetFrameworks)}) and Version.");
            }

            // A floor that rises must say why the new version: a reason that does not name it was written for another.
            if (!floor.Reason.Contains(floor.Version, StringComparison.Ordinal) || floor.Reason.Trim().Length <= floor.Version.Length + 10)
            {
                problems.Add($"{floor.PackageId} {floor.Version} on {floor.TargetFramework}: its Reason does not say why {floor.Version} (\"{floor.Reason}\").");
            }
        }

        foreach (var duplicate in Floors.GroupBy(floor => (floor.PackageId, floor.TargetFramework)).Where(group => group.Count() > 1))
        {
            problems.Add($"{duplicate.Key.PackageId} on {duplicate.Key.TargetFramework} has {duplicate.Count()} floors; keep one.");
        }

        Assert.True(Floors.Count > 0, $"No DependencyFloor item found in {DependencyFloor.FileName}.");
        Assert.True(problems.Count == 0, Report(problems));
    }

    [Theory]
    [InlineData("Mde.Bindings")]
    [InlineData("Mde.Bindings.Redis")]
    public void Packed_dependencies_are_exactly_the_floors(string packageId)
    {
        var problems = new List<string>();
        foreach ((string targetFramework, string dependencyId, string version) in PackedDependencies(packageId))
        {
            DependencyFloor? floor = Floors.SingleOrDefault(f => f.PackageId == dependencyId && f.TargetFramework == targetFramework);
            if (floor is null)
            {
                problems.Add($"{packageId} on {targetFramework} depends on {dependencyId} {version}, which has no DependencyFloor (with its reason) in {DependencyFloor.FileName}.");
            }
            else if (floor.Version != version)
            {
                problems.Add($"{packageId} on {targetFramework} depends on {dependencyId} {version}, but its floor is {floor.Version}: build against the floor or raise it with a reason.");
            }
        }

        Assert.True(problems.Count == 0, Report(problems));
    }

    [Fact]
    public void Every_floor_is_a_dependency_of_a_packed_package()
    {
        // The library packages; the mde-lr tool package carries its dependencies inside and declares none.
        var declared = new[] { "Mde.Bindings", "Mde.Bindings.Redis" }
            .SelectMany(PackedDependencies)
            .Select(dependency => (dependency.DependencyId, dependency.TargetFramework))
            .ToHashSet();

        string[] unused = Floors
            .Where(floor => !declared.Contains((floor.PackageId, floor.TargetFramework)))
            .Select(floor => $"{floor}: no packed package depends on it on {floor.TargetFramework}; delete the floor.")
            .ToArray();

        Assert.True(unused.Length == 0, Report(unused));
    }

    [Fact]
    public async Task Consumer_pinning_every_floor_restores_without_downgrade_and_builds_on_both_frameworks()
    {
        ConsumerProject app = feed.Consumer("PinnedFloors");
        app.WriteFile("PinnedFloors.props", PinnedFloorsProps());

        ProcessResult build = await app.BuildAsync();

        IReadOnlyList<BuildDiagnostic> diagnostics = BuildDiagnostic.Parse(build.Output);
        Assert.DoesNotContain(diagnostics, d => d.Id == "NU1605");
        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.True(!diagnostics.Any(d => d.Id.StartsWith("NU", StringComparison.Ordinal)), "No restore warning expected: " + build.Describe());

        // Every pin is kept as written: no floor sits below what another dependency asks for.
        using JsonDocument assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(app.Directory, "obj", "project.assets.json")));
        var problems = new List<string>();
        foreach (string targetFramework in TargetFrameworks)
        {
            Assert.True(File.Exists(Path.Combine(app.Directory, "bin", "Debug", targetFramework, "PinnedFloors.dll")), $"No {targetFramework} build: {build.Describe()}");
            JsonElement resolved = assets.RootElement.GetProperty("targets").GetProperty(targetFramework);
            foreach (DependencyFloor floor in Floors.Where(f => f.TargetFramework == targetFramework))
            {
                string expected = $"{floor.PackageId}/{floor.Version}";
                if (!resolved.TryGetProperty(expected, out _))
                {
                    string actual = resolved.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => name.StartsWith(floor.PackageId + "/", StringComparison.OrdinalIgnoreCase)) ?? "nothing";
                    problems.Add($"{floor.PackageId} on {targetFramework}: pinned at its floor {floor.Version}, restore resolved {actual}.");
                }
            }
        }

        Assert.True(problems.Count == 0, Report(problems));

        // Only the net10.0 runtime is installed on the machines the tests run on: the net8.0 build is restored and compiled, not run.
        ProcessResult run = await app.RunAsync();
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Contains("pinned floors on .NET 10", run.Output);
    }

    private IEnumerable<(string TargetFramework, string DependencyId, string Version)> PackedDependencies(string packageId)
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath(packageId));
        XDocument nuspec;
        using (Stream stream = package.GetEntry(packageId + ".nuspec")!.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        var dependencies = new List<(string, string, string)>();
        foreach (XElement group in nuspec.Descendants().Where(e => e.Name.LocalName == "group"))
        {
            string targetFramework = group.Attribute("targetFramework")!.Value;
            foreach (XElement dependency in group.Elements().Where(e => e.Name.LocalName == "dependency"))
            {
                string id = dependency.Attribute("id")!.Value;
                // The packages of this repository depend on each other at the version packed with them.
                if (!id.StartsWith("Mde.Bindings", StringComparison.Ordinal))
                {
                    dependencies.Add((targetFramework, id, dependency.Attribute("version")!.Value));
                }
            }
        }

        return dependencies;
    }

    // Direct references at exactly the floor of the framework being restored.
    private static string PinnedFloorsProps()
    {
        var props = new StringBuilder("<Project>\n");
        foreach (IGrouping<string, DependencyFloor> framework in Floors.GroupBy(floor => floor.TargetFramework))
        {
            props.Append("  <ItemGroup Condition=\"'$(TargetFramework)' == '").Append(framework.Key).Append("'\">\n");
            foreach (DependencyFloor floor in framework)
            {
                props.Append("    <PackageReference Include=\"").Append(floor.PackageId).Append("\" Version=\"").Append(floor.Version).Append("\" />\n");
            }

            props.Append("  </ItemGroup>\n");
        }

        return props.Append("</Project>\n").ToString();
    }

    private static bool NuGetVersionLike(string version) => System.Version.TryParse(version.Split('-')[0], out _);

    private static string Report(IEnumerable<string> problems) => string.Join(Environment.NewLine, problems);
}
