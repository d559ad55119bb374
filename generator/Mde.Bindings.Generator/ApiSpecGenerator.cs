using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Generator;

/// <summary>Turns <c>*.api.json</c> spec files into a Refit interface, its client, models and metadata.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class ApiSpecGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
