using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Analyzers.Tests.Infrastructure;

/// <summary>Offline references for test compilations: the .NET 10 reference pack, the runtime and logging abstractions.</summary>
internal static class TestReferences
{
    /// <summary>No reference package to download: the references come from <see cref="All"/>.</summary>
    public static ReferenceAssemblies Assemblies { get; } = new("net10.0");

    public static IReadOnlyList<MetadataReference> All { get; } =
    [
        .. Basic.Reference.Assemblies.Net100.References.All,
        MetadataReference.CreateFromFile(typeof(DownloadLink<>).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(ILogger).Assembly.Location),
    ];
}
