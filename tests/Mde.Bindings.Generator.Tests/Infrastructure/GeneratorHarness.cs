using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mde.Bindings.Generator.Tests.Infrastructure;

/// <summary>Runs the generator over specs in memory and compiles what it emits, the way a consumer's build does.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>A compilation of <paramref name="sources"/> with the runtime, Refit and the BCL referenced.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> specs, TestAnalyzerConfigOptionsProvider? options = null, CSharpParseOptions? parseOptions = null) =>
        CSharpGeneratorDriver.Create(
            [new ApiSpecGenerator().AsSourceGenerator()],
            specs,
            parseOptions ?? ParseOptions,
            options ?? TestAnalyzerConfigOptionsProvider.Empty,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over the given specs (path → text).</summary>
    public static GenerationResult Run(params (string Path, string Text)[] specs) =>
        Run(specs.Select(s => (AdditionalText)new InMemoryAdditionalText(s.Path, s.Text)), CreateCompilation("namespace Consumer { public static class Marker { } }"));

    public static GenerationResult Run(IEnumerable<AdditionalText> specs, CSharpCompilation compilation, TestAnalyzerConfigOptionsProvider? options = null)
    {
        GeneratorDriver driver = CreateDriver(specs, options, (CSharpParseOptions)compilation.SyntaxTrees.First().Options);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        return new GenerationResult(driver.GetRunResult(), output, generatorDiagnostics);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        IEnumerable<MetadataReference> bcl = Basic.Reference.Assemblies.Net100.References.All;
        Type[] anchors =
        [
            typeof(Refit.RestService),
            typeof(Mde.Bindings.DownloadLink<>),
            typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection),
            typeof(Microsoft.Extensions.DependencyInjection.IHttpClientBuilder),
            typeof(Microsoft.Extensions.Options.OptionsBuilder<>),
            typeof(System.Threading.RateLimiting.RateLimiter),
        ];
        return bcl.Concat(anchors.Select(t => t.Assembly.Location).Distinct().Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))).ToImmutableArray();
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GenerationResult(GeneratorDriverRunResult RunResult, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorRunResult Single => RunResult.Results.Single();

    public IReadOnlyList<GeneratedSourceResult> Sources => Single.GeneratedSources;

    /// <summary>Errors and warnings of the compilation including the generated code (the generator's own diagnostics excluded).</summary>
    public IReadOnlyList<Diagnostic> CompilationProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
}
