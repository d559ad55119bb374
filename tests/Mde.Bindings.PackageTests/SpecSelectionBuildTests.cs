using System.Security;
using Mde.Bindings.PackageTests.Infrastructure;

namespace Mde.Bindings.PackageTests;

/// <summary>
/// The package's build files (src/Mde.Bindings/build), evaluated by MSBuild without packing: which spec files reach the
/// compiler for each MdeBindingsApis value. A stand-in specs folder holds three shipped specs; the project holds one of
/// its own. The packed package is checked the same way, end to end, by <see cref="SelectedApisTests"/>.
/// </summary>
public sealed class SpecSelectionBuildTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(null, "live-response own")]
    [InlineData("", "live-response own")]
    [InlineData("all", "alerts live-response machine-actions own")]
    [InlineData(" Alerts ; MACHINE-actions ;", "alerts machine-actions own")]
    [InlineData("ALL;alerts", "alerts live-response machine-actions own")]
    public async Task MdeBindingsApis_picks_the_shipped_specs_and_keeps_the_project_s_own(string? apis, string expected)
    {
        using var folder = new TempFolder("mde-bindings-spec-selection-");
        string project = WriteProject(folder, apis is null ? string.Empty : $"<MdeBindingsApis>{SecurityElement.Escape(apis)}</MdeBindingsApis>");

        ProcessResult build = await DotnetCli.RunAsync(folder.Path, ["msbuild", project, "-t:ShowSpecs", "-nologo", "-v:m", "-nodeReuse:false"], Timeout);

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.Equal(expected, Specs(build));
    }

    [Fact]
    public async Task Turning_the_shipped_specs_off_wins_over_all()
    {
        using var folder = new TempFolder("mde-bindings-spec-selection-");
        string project = WriteProject(folder, "<MdeBindingsApis>all</MdeBindingsApis><MdeBindingsIncludeDefaultSpecs>false</MdeBindingsIncludeDefaultSpecs>");

        ProcessResult build = await DotnetCli.RunAsync(folder.Path, ["msbuild", project, "-t:ShowSpecs", "-nologo", "-v:m", "-nodeReuse:false"], Timeout);

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.Equal("own", Specs(build));
    }

    [Fact]
    public async Task A_list_given_on_the_command_line_with_escaped_semicolons_is_split()
    {
        using var folder = new TempFolder("mde-bindings-spec-selection-");
        string project = WriteProject(folder, string.Empty);

        ProcessResult build = await DotnetCli.RunAsync(folder.Path, ["msbuild", project, "-t:ShowSpecs", "-nologo", "-v:m", "-nodeReuse:false", "-p:MdeBindingsApis=alerts%3Blive-response"], Timeout);

        Assert.True(build.ExitCode == 0, build.Describe());
        Assert.Equal("alerts live-response own", Specs(build));
    }

    [Theory]
    [InlineData("alerts;alert", "MdeBindingsApis names \"alert\", which the Mde.Bindings package does not ship. Use spec names from its specs folder (alerts, live-response, machine-actions)")]
    [InlineData("live-response.api.json", "MdeBindingsApis names \"live-response.api.json\", which")]
    [InlineData("alerts;*", "MdeBindingsApis holds a wildcard (\"alerts;*\")")]
    public async Task A_name_the_package_does_not_ship_stops_the_build_and_says_which_names_it_ships(string apis, string message)
    {
        using var folder = new TempFolder("mde-bindings-spec-selection-");
        string project = WriteProject(folder, $"<MdeBindingsApis>{SecurityElement.Escape(apis)}</MdeBindingsApis>");

        ProcessResult build = await DotnetCli.RunAsync(folder.Path, ["msbuild", project, "-t:ShowSpecs", "-nologo", "-v:m", "-nodeReuse:false"], Timeout);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains(message, build.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SPECS:", build.Output, StringComparison.Ordinal);
    }

    /// <summary>The spec names ShowSpecs printed, sorted, each once: one duplicate would be a spec generated twice.</summary>
    private static string Specs(ProcessResult build)
    {
        string line = build.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("SPECS: ", StringComparison.Ordinal));
        string[] names = line["SPECS: ".Length..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(name => name[..^".api".Length]).ToArray();
        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        return string.Join(' ', names.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Writes three stand-in shipped specs, the project's own spec and a project that imports the package's build
    /// files the way NuGet does (the .props before the project's properties, the .targets after), with
    /// <paramref name="properties"/> in its body. Its target ShowSpecs prints the spec files the compiler would get.
    /// </summary>
    private static string WriteProject(TempFolder folder, string properties)
    {
        string build = Path.Combine(RepositoryRoot.Path, "src", "Mde.Bindings", "build");
        Directory.CreateDirectory(folder.Combine("specs"));
        foreach (string name in new[] { "live-response", "alerts", "machine-actions" })
        {
            File.WriteAllText(folder.Combine("specs", name + ".api.json"), "{}");
        }

        Directory.CreateDirectory(folder.Combine("app"));
        File.WriteAllText(folder.Combine("app", "own.api.json"), "{}");
        string project = folder.Combine("app", "app.proj");
        File.WriteAllText(project, $"""
            <Project>
              <PropertyGroup>
                <DefaultItemExcludes>bin/**;obj/**</DefaultItemExcludes>
              </PropertyGroup>
              <Import Project="{SecurityElement.Escape(Path.Combine(build, "Mde.Bindings.props"))}" />
              <PropertyGroup>
                <MdeBindingsDefaultSpecsDirectory>{SecurityElement.Escape(folder.Combine("specs") + Path.DirectorySeparatorChar)}</MdeBindingsDefaultSpecsDirectory>
                {properties}
              </PropertyGroup>
              <Import Project="{SecurityElement.Escape(Path.Combine(build, "Mde.Bindings.targets"))}" />
              <Target Name="ShowSpecs" DependsOnTargets="_MdeBindingsRemoveDuplicateSpecs">
                <Message Importance="high" Text="SPECS: @(AdditionalFiles->'%(Filename)', ' ')." />
              </Target>
            </Project>
            """);
        return project;
    }
}
