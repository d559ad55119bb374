using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Mde.Bindings.PackageTests.Infrastructure;

namespace Mde.Bindings.PackageTests;

/// <summary>What the packed Mde.Bindings.nupkg holds, read from the file itself.</summary>
[Collection(PackageTestsCollection.Name)]
public sealed class PackageContentTests(PackageFeedFixture feed)
{
    /// <summary>The newest Roslyn the compiler components may reference: the oldest compiler the package supports.</summary>
    private static readonly Version SupportedRoslyn = new(4, 14, 0, 0);

    /// <summary>The compiler components the package ships, each under analyzers/dotnet/cs.</summary>
    private static readonly string[] CompilerComponents =
    [
        "Mde.Bindings.Generator.dll",
        "Mde.Bindings.Analyzers.dll",
        "Mde.Bindings.CodeFixes.dll",
    ];

    [Fact]
    public void Packing_reports_no_warning()
    {
        Assert.All(feed.PackResults, pack => Assert.True(BuildDiagnostic.Parse(pack.Output).Count == 0, pack.Describe()));
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public void Runtime_ships_for_each_target_framework_with_docs_and_symbols(string targetFramework)
    {
        using ZipArchive package = OpenPackage();

        foreach (string extension in new[] { ".dll", ".xml", ".pdb" })
        {
            Assert.NotNull(package.GetEntry($"lib/{targetFramework}/Mde.Bindings{extension}"));
        }

        Assert.Equal(["Mde.Bindings.dll", "Mde.Bindings.pdb", "Mde.Bindings.xml"], EntryNames(package, $"lib/{targetFramework}/"));
    }

    [Fact]
    public void Compiler_components_ship_under_analyzers_and_nowhere_else()
    {
        using ZipArchive package = OpenPackage();

        Assert.Equal(CompilerComponents.Order(StringComparer.Ordinal), EntryNames(package, "analyzers/dotnet/cs/"));
        Assert.DoesNotContain(package.Entries, entry => entry.FullName.StartsWith("lib/", StringComparison.Ordinal) && CompilerComponents.Contains(entry.Name));
    }

    [Fact]
    public void Compiler_components_target_netstandard2_0_and_reference_no_newer_Roslyn_than_supported()
    {
        using ZipArchive package = OpenPackage();

        foreach (ZipArchiveEntry entry in package.Entries.Where(entry => entry.FullName.StartsWith("analyzers/", StringComparison.Ordinal)))
        {
            using var image = new MemoryStream();
            using (Stream stream = entry.Open())
            {
                stream.CopyTo(image);
            }

            image.Position = 0;
            using var pe = new PEReader(image);
            MetadataReader metadata = pe.GetMetadataReader();
            var references = metadata.AssemblyReferences
                .Select(handle => metadata.GetAssemblyReference(handle))
                .Select(reference => (Name: metadata.GetString(reference.Name), reference.Version))
                .ToList();

            Assert.Contains(references, reference => reference.Name == "netstandard" && reference.Version == new Version(2, 0, 0, 0));
            Assert.Contains(references, reference => reference.Name == "Microsoft.CodeAnalysis");
            Assert.All(
                references.Where(reference => reference.Name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)),
                reference => Assert.True(reference.Version <= SupportedRoslyn, $"{entry.FullName} references {reference.Name} {reference.Version}, newer than {SupportedRoslyn}"));
        }
    }

    [Fact]
    public void Build_files_add_the_shipped_spec_for_direct_and_transitive_references()
    {
        using ZipArchive package = OpenPackage();

        Assert.Equal(["Mde.Bindings.Specs.props", "Mde.Bindings.Specs.targets", "Mde.Bindings.props", "Mde.Bindings.targets"], EntryNames(package, "build/"));
        Assert.Equal(["Mde.Bindings.props", "Mde.Bindings.targets"], EntryNames(package, "buildTransitive/"));
        foreach (string entryPoint in new[] { "Mde.Bindings.props", "Mde.Bindings.targets" })
        {
            Assert.Equal(ReadAllBytes(package.GetEntry("build/" + entryPoint)!), ReadAllBytes(package.GetEntry("buildTransitive/" + entryPoint)!));
        }

        Assert.Equal(
            File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "api-spec", "live-response.api.json")),
            ReadAllBytes(package.GetEntry("specs/live-response.api.json")!));

        // Every shipped spec is in the package: MdeBindingsApis names them, and all compiles each one.
        Assert.Equal(
            Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "api-spec"), "*.api.json").Select(Path.GetFileName).Order(StringComparer.Ordinal),
            package.Entries.Where(entry => entry.FullName == "specs/" + entry.Name && entry.Name.EndsWith(".api.json", StringComparison.Ordinal)).Select(entry => entry.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "api-spec", "schema", "api-spec.schema.json")),
            ReadAllBytes(package.GetEntry("specs/schema/api-spec.schema.json")!));
        Assert.DoesNotContain(package.Entries, entry => entry.FullName.StartsWith("content", StringComparison.Ordinal));
    }

    [Fact]
    public void Metadata_has_readme_license_repository_and_no_icon()
    {
        using ZipArchive package = OpenPackage();
        XElement metadata = Child(Nuspec(package).Root!, "metadata")!;

        Assert.Equal("Mde.Bindings", Child(metadata, "id")?.Value);
        Assert.Equal(feed.Version, Child(metadata, "version")?.Value);
        Assert.False(string.IsNullOrWhiteSpace(Child(metadata, "description")?.Value));
        Assert.Equal("README.md", Child(metadata, "readme")?.Value);
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "README.md")), ReadAllBytes(package.GetEntry("README.md")!));
        XElement license = Child(metadata, "license")!;
        Assert.Equal(("expression", "MIT"), (license.Attribute("type")?.Value, license.Value));
        Assert.Null(Child(metadata, "icon"));
        Assert.Null(Child(metadata, "iconUrl"));

        // Source Link's repository information, from a git checkout: the commit always, the URL when it has a remote.
        XElement repository = Child(metadata, "repository")!;
        Assert.Equal("git", repository.Attribute("type")?.Value);
        if (Path.Exists(Path.Combine(RepositoryRoot.Path, ".git")))
        {
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
        }
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("net10.0")]
    public void Dependencies_bring_Refit_and_never_the_compiler_components(string targetFramework)
    {
        using ZipArchive package = OpenPackage();
        XElement group = Nuspec(package).Descendants().Single(g => g.Name.LocalName == "group" && g.Attribute("targetFramework")?.Value == targetFramework);
        string[] dependencies = group.Elements().Where(d => d.Name.LocalName == "dependency").Select(d => d.Attribute("id")!.Value).ToArray();

        Assert.Contains("Refit", dependencies);
        // Refit.HttpClientFactory 16.4.0 asks for Microsoft.Extensions.Http 10.0.13 on every framework, which would lift
        // every consumer above the floors; whoever wants AddRefitGeneratedClient references it.
        Assert.DoesNotContain("Refit.HttpClientFactory", dependencies);
        Assert.DoesNotContain(dependencies, id => id.StartsWith("Mde.Bindings", StringComparison.Ordinal) || id.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Fact]
    public void Redis_package_holds_its_runtime_and_depends_on_everything_of_the_same_Mde_Bindings()
    {
        using ZipArchive package = ZipFile.OpenRead(feed.PackagePath("Mde.Bindings.Redis"));
        XDocument nuspec = Nuspec(package, "Mde.Bindings.Redis.nuspec");

        foreach (string targetFramework in new[] { "net8.0", "net10.0" })
        {
            Assert.Equal(["Mde.Bindings.Redis.dll", "Mde.Bindings.Redis.pdb", "Mde.Bindings.Redis.xml"], EntryNames(package, $"lib/{targetFramework}/"));
            XElement group = nuspec.Descendants().Single(g => g.Name.LocalName == "group" && g.Attribute("targetFramework")?.Value == targetFramework);
            XElement runtime = group.Elements().Single(d => d.Name.LocalName == "dependency" && d.Attribute("id")?.Value == "Mde.Bindings");
            Assert.Equal(feed.Version, runtime.Attribute("version")?.Value);
            // Nothing excluded: the generator, analyzer and build files of Mde.Bindings reach the consumer too.
            Assert.Null(runtime.Attribute("exclude"));
        }

        Assert.Empty(EntryNames(package, "analyzers/"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(RepositoryRoot.Path, "src", "Mde.Bindings.Redis", "README.md")), ReadAllBytes(package.GetEntry("README.md")!));
    }

    private ZipArchive OpenPackage() => ZipFile.OpenRead(feed.PackagePath("Mde.Bindings"));

    private static string[] EntryNames(ZipArchive package, string folder) =>
        package.Entries
            .Where(entry => entry.FullName.StartsWith(folder, StringComparison.Ordinal))
            .Select(entry => entry.FullName[folder.Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static byte[] ReadAllBytes(ZipArchiveEntry entry)
    {
        using var content = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(content);
        }

        return content.ToArray();
    }

    private static XDocument Nuspec(ZipArchive package, string name = "Mde.Bindings.nuspec")
    {
        using Stream stream = package.GetEntry(name)!.Open();
        return XDocument.Load(stream);
    }

    // The nuspec's XML namespace follows the schema version the features used need: match on local names.
    private static XElement? Child(XElement parent, string localName) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
