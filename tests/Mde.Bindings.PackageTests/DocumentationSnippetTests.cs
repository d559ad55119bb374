using Mde.Bindings.PackageTests.Infrastructure;
using Mde.Bindings.PackageTests.Snippets;

namespace Mde.Bindings.PackageTests;

/// <summary>
/// Every ```csharp block of README.md and docs/*.md, compiled in a consumer of the packed packages as a reader pastes
/// it; the blocks marked runnable are run against the standalone emulator, reached through MDE_EMULATOR_URL alone.
/// </summary>
[Collection(PackageTestsCollection.Name)]
public sealed class DocumentationSnippetTests(PackageFeedFixture feed)
{
    [Fact]
    public async Task Every_csharp_block_of_the_readme_and_the_docs_compiles_in_a_consumer_of_the_package()
    {
        SnippetConsumerBuild build = await SnippetConsumerBuild.GetAsync(feed);

        IReadOnlyList<string> problems = build.Problems();
        Assert.True(
            build.Build.ExitCode == 0 && problems.Count == 0,
            problems.Count > 0
                ? "Documentation blocks that do not compile cleanly as pasted:" + Environment.NewLine + string.Join(Environment.NewLine, problems)
                : build.Build.Describe());
    }

    [Fact]
    public async Task Runnable_blocks_run_against_the_standalone_emulator_reached_through_MDE_EMULATOR_URL_alone()
    {
        SnippetConsumerBuild build = await SnippetConsumerBuild.GetAsync(feed);
        Assert.True(build.Build.ExitCode == 0, "The blocks do not build (see the compile test): " + build.Build.Describe());
        List<DocumentSnippet> runnable = build.Snippets.Where(s => s.Marker.Mode == SnippetMode.Runnable).ToList();
        Assert.NotEmpty(runnable);

        var failures = new List<string>();
        foreach (DocumentSnippet snippet in runnable)
        {
            // A fresh emulator and a fresh folder per block: no block depends on what another left behind.
            await using StandaloneEmulator emulator = await StandaloneEmulator.StartAsync();
            string folder = Path.Combine(feed.Root, "runs", snippet.Identifier);
            Directory.CreateDirectory(folder);

            ProcessResult run = await build.Project.RunAsync([snippet.Location], folder, EmulatorOnlyEnvironment(emulator.ApiAddress));

            if (run.ExitCode != 0)
            {
                failures.Add($"{snippet.Location}: {run.Describe()}{Environment.NewLine}Emulator:{Environment.NewLine}{emulator.Output}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
    }

    /// <summary>The child sees no credential of the machine's: only the emulator's address.</summary>
    private static Dictionary<string, string?> EmulatorOnlyEnvironment(Uri emulator)
    {
        var environment = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("MDE_", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(name => name, string? (_) => null);
        environment["MDE_EMULATOR_URL"] = emulator.ToString();
        return environment;
    }
}
