using System.Globalization;
using System.Security;

namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>
/// Packs the repository's packages once per test run into a folder feed under a temporary folder, with a version no
/// earlier run used (NuGet caches packages by version), and prepares the place where consumer projects are built:
/// a nuget.config that adds the feed to the machine's sources, and a private packages folder that falls back to the
/// machine's own, so that only the freshly packed package is extracted and the machine's cache is left untouched.
/// </summary>
public sealed class PackageFeedFixture : IAsyncLifetime
{
    /// <summary>The projects packed, relative to the repository root: each gives one package of the same version.</summary>
    public static readonly IReadOnlyList<string> PackedProjects =
    [
        "src/Mde.Bindings/Mde.Bindings.csproj",
        "src/Mde.Bindings.Redis/Mde.Bindings.Redis.csproj",
        "src/Mde.Bindings.Cli/Mde.Bindings.Cli.csproj",
    ];

    // Generous: a Release build of both frameworks and the compiler components, on a shared two-core machine.
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The temporary folder that holds the feed, the build outputs and the consumer projects.</summary>
    /// <remarks>A folder of its own directly under the temporary folder, so that deleting it leaves nothing behind.</remarks>
    public string Root { get; } = Directory.CreateTempSubdirectory("mde-bindings-package-tests-").FullName;

    /// <summary>The version of every package packed in this run.</summary>
    public string Version { get; } = string.Create(
        CultureInfo.InvariantCulture,
        $"0.0.0-pkgtest.{DateTime.UtcNow:yyyyMMddHHmmss}.r{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>The folder feed the packages are written to.</summary>
    public string FeedDirectory => Path.Combine(Root, "feed");

    /// <summary>Where the pack's build writes its outputs (kept out of the repository's bin/ and obj/).</summary>
    public string ArtifactsDirectory => Path.Combine(Root, "artifacts");

    /// <summary>The folder the consumer projects are copied to.</summary>
    public string ConsumersDirectory => Path.Combine(Root, "consumers");

    /// <summary>The output of each <c>dotnet pack</c>, in the order of <see cref="PackedProjects"/>.</summary>
    public IReadOnlyList<ProcessResult> PackResults { get; private set; } = [];

    /// <summary>The path of the package <paramref name="packageId"/> in the feed.</summary>
    public string PackagePath(string packageId) => Path.Combine(FeedDirectory, $"{packageId}.{Version}.nupkg");

    /// <summary>A consumer project copied from Consumers/<paramref name="name"/>.</summary>
    public ConsumerProject Consumer(string name) => new(this, name);

    /// <summary>
    /// A copy of Consumers/<paramref name="template"/> named <paramref name="name"/> (its folder and .csproj file), for
    /// tests that build one template several ways side by side.
    /// </summary>
    public ConsumerProject ConsumerCopy(string template, string name)
    {
        string source = Path.Combine(ConsumersDirectory, template);
        string target = Path.Combine(ConsumersDirectory, name);
        if (Directory.Exists(target))
        {
            throw new ArgumentException($"A consumer project named '{name}' exists already.", nameof(name));
        }

        CopyDirectory(source, target);
        File.Move(Path.Combine(target, template + ".csproj"), Path.Combine(target, name + ".csproj"));
        return new ConsumerProject(this, name);
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDirectory);
        var results = new List<ProcessResult>();
        foreach (string project in PackedProjects)
        {
            ProcessResult pack = await DotnetCli.RunAsync(
                RepositoryRoot.Path,
                ["pack", project, "-c", "Release", "-o", FeedDirectory, $"-p:Version={Version}", $"-p:ArtifactsPath={ArtifactsDirectory}", "-tl:off", "-v:m", "-nodeReuse:false"],
                PackTimeout);
            results.Add(pack);
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException("Packing failed: " + pack.Describe());
            }
        }

        PackResults = results;
        await PrepareConsumersAsync();
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("MDE_BINDINGS_KEEP_PACKAGE_TEST_FILES") != "1")
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a process that is going away; the temporary folder is cleaned later.
            }
        }

        return Task.CompletedTask;
    }

    private async Task PrepareConsumersAsync()
    {
        string machinePackages = await MachinePackagesFolderAsync();
        Directory.CreateDirectory(ConsumersDirectory);
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "Consumers"), ConsumersDirectory);

        // No <clear/>: the machine's own sources stay, the test feed is added to them.
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="packages" />
              </config>
              <packageSources>
                <add key="mde-bindings-test-feed" value="feed" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine-packages" value="{SecurityElement.Escape(machinePackages)}" />
              </fallbackPackageFolders>
            </configuration>
            """);

        // These files end MSBuild's search upwards: the consumers see nothing of the machine's folders above them.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <MdeBindingsTestPackageVersion>{Version}</MdeBindingsTestPackageVersion>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
    }

    private static async Task<string> MachinePackagesFolderAsync()
    {
        ProcessResult locals = await DotnetCli.RunAsync(RepositoryRoot.Path, ["nuget", "locals", "global-packages", "--list"], TimeSpan.FromMinutes(1));
        const string prefix = "global-packages:";
        string? line = locals.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is not null && locals.ExitCode == 0
            ? line[prefix.Length..].Trim()
            : throw new InvalidOperationException("The machine's NuGet packages folder is unknown: " + locals.Describe());
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
