using System.Xml.Linq;

namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>
/// One dependency floor of the packed packages, as the repository's Directory.Packages.props lists it: the lowest
/// version of <see cref="PackageId"/> the packages declare on <see cref="TargetFramework"/>, and why it is not lower.
/// </summary>
public sealed record DependencyFloor(string PackageId, string TargetFramework, string Version, string Reason)
{
    /// <summary>The file that holds the floors, relative to the repository root.</summary>
    public const string FileName = "Directory.Packages.props";

    /// <summary>Every <c>DependencyFloor</c> item of <see cref="FileName"/>, in file order.</summary>
    public static IReadOnlyList<DependencyFloor> ReadAll()
    {
        XDocument props = XDocument.Load(Path.Combine(RepositoryRoot.Path, FileName));
        return props.Descendants()
            .Where(element => element.Name.LocalName == "DependencyFloor")
            .Select(element => new DependencyFloor(
                element.Attribute("Include")?.Value ?? string.Empty,
                element.Attribute("TargetFramework")?.Value ?? string.Empty,
                element.Attribute("Version")?.Value ?? string.Empty,
                element.Attribute("Reason")?.Value ?? string.Empty))
            .ToList();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{PackageId} {Version} on {TargetFramework}";
}
