namespace Mde.Bindings.PackageTests.Infrastructure;

/// <summary>Every package test shares one pack of the repository.</summary>
[CollectionDefinition(Name)]
public sealed class PackageTestsCollection : ICollectionFixture<PackageFeedFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packed packages";
}
