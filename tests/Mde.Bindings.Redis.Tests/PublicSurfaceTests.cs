using Mde.Bindings.Redis;
using Mde.Bindings.Testing;
using Xunit.Abstractions;

namespace Mde.Bindings.Redis.Tests;

/// <summary>The Redis package's public surface (issue 16): the provider, its options and the registration, nothing else.</summary>
public sealed class PublicSurfaceTests(ITestOutputHelper output)
{
    [Fact]
    public void Only_the_provider_its_options_and_the_registration_are_public()
    {
        PublicSurface surface = PublicSurface.Read(typeof(RedisRateLimiterProvider).Assembly.Location);
        output.WriteLine(surface.ToString());

        Assert.Equal(
            ["Mde.Bindings.Redis.RedisRateLimiterOptions", "Mde.Bindings.Redis.RedisRateLimiterProvider", "Microsoft.Extensions.DependencyInjection.RedisRateLimitsServiceCollectionExtensions"],
            surface.Types.Select(type => type.FullName).Order(StringComparer.Ordinal));
        Assert.All(surface.Types, type => Assert.True(type.IsBrowsable));
    }

    [Fact]
    public void Every_public_type_is_shown_by_a_compiled_docs_block_or_an_xml_example()
    {
        string assembly = typeof(RedisRateLimiterProvider).Assembly.Location;

        IReadOnlyList<string> unshown = DocumentedSurface.Unshown(PublicSurface.Read(assembly), Path.ChangeExtension(assembly, ".xml"), DocumentedSurface.AllCompiledBlocks());

        Assert.True(unshown.Count == 0, $"Not shown anywhere: {string.Join(", ", unshown)}. Name each in a ```csharp block of README.md or docs/*.md, or give it an <example><code> in its XML documentation.");
    }
}
