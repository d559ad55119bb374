using System.IO.Compression;
using System.Security.Cryptography;
using Mde.Bindings.PackageTests.Infrastructure;

namespace Mde.Bindings.PackageTests;

/// <summary>The package's assemblies depend on their sources only: built again from scratch, they are the same bytes.</summary>
[Collection(PackageTestsCollection.Name)]
public sealed class ReproducibleBuildTests(PackageFeedFixture feed)
{
    [Fact]
    public async Task Rebuilding_and_packing_again_gives_byte_identical_assemblies()
    {
        string secondFeed = Path.Combine(feed.Root, "feed-rebuilt");
        ProcessResult rebuild = await DotnetCli.RunAsync(
            RepositoryRoot.Path,
            [
                "msbuild", PackageFeedFixture.PackedProjects[0], "-restore", "-t:Rebuild;Pack", "-p:Configuration=Release",
                $"-p:PackageOutputPath={secondFeed}", $"-p:Version={feed.Version}", $"-p:ArtifactsPath={feed.ArtifactsDirectory}",
                "-tl:off", "-v:m", "-nodeReuse:false",
            ],
            TimeSpan.FromMinutes(4));
        Assert.True(rebuild.ExitCode == 0, rebuild.Describe());

        Dictionary<string, string> first = AssemblyHashes(feed.PackagePath("Mde.Bindings"));
        Dictionary<string, string> second = AssemblyHashes(Path.Combine(secondFeed, Path.GetFileName(feed.PackagePath("Mde.Bindings"))));

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
    }

    private static Dictionary<string, string> AssemblyHashes(string package)
    {
        using ZipArchive archive = ZipFile.OpenRead(package);
        return archive.Entries
            .Where(entry => entry.FullName.EndsWith(".dll", StringComparison.Ordinal))
            .ToDictionary(entry => entry.FullName, entry =>
            {
                using Stream stream = entry.Open();
                return Convert.ToHexString(SHA256.HashData(stream));
            });
    }
}
