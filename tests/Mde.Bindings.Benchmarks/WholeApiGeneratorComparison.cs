using System.Collections.Immutable;
using Mde.Bindings.Generator;
using Mde.Bindings.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Benchmarks;

/// <summary>
/// Our generator over every shipped spec (api-spec/*.api.json, what a consumer gets with MdeBindingsApis=all) against
/// Refit's generator over the equivalent interfaces. The equivalent is our own output, compiled as if hand-written:
/// the same Refit interfaces with the same models, so Refit binds exactly the operations we generate.
/// </summary>
internal sealed class WholeApiGeneratorComparison
{
    private readonly ImmutableArray<AdditionalText> _specs;
    private readonly CSharpCompilation _userCompilation;
    private readonly CSharpCompilation _handWrittenCompilation;
    private readonly IIncrementalGenerator _ours;
    private readonly IIncrementalGenerator _refit;
    private readonly CSharpParseOptions _parse;

    private WholeApiGeneratorComparison(
        ImmutableArray<AdditionalText> specs, CSharpCompilation userCompilation, CSharpCompilation handWrittenCompilation,
        IIncrementalGenerator ours, IIncrementalGenerator refit, CSharpParseOptions parse, int operations)
    {
        _specs = specs;
        _userCompilation = userCompilation;
        _handWrittenCompilation = handWrittenCompilation;
        _ours = ours;
        _refit = refit;
        _parse = parse;
        Operations = operations;
    }

    public int Specs => _specs.Length;

    /// <summary>Operations the specs declare (their endpoints).</summary>
    public int Operations { get; }

    /// <summary>Methods on the generated interfaces: a paged operation has three (every item, first page, next page).</summary>
    public int InterfaceMethods { get; private init; }

    public static WholeApiGeneratorComparison Create(
        CSharpCompilation userCompilation, IIncrementalGenerator ours, IIncrementalGenerator refit, CSharpParseOptions parse)
    {
        ImmutableArray<AdditionalText> specs = Directory
            .GetFiles(Path.Combine(RepositoryRoot.Path, "api-spec"), "*.api.json")
            .Order(StringComparer.Ordinal)
            .Select(path => (AdditionalText)new FileText(path))
            .ToImmutableArray();

        GeneratorDriverRunResult run = CSharpGeneratorDriver.Create([ours.AsSourceGenerator()], specs, parse)
            .RunGenerators(userCompilation).GetRunResult();
        Diagnostic[] errors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException("The shipped specs do not generate cleanly: " + string.Join("; ", errors.Select(e => e.ToString())));
        }

        // Our output as hand-written source: Refit's generator finds the same interfaces with their Refit attributes.
        CSharpCompilation handWritten = userCompilation.AddSyntaxTrees(
            run.GeneratedTrees.Select(tree => CSharpSyntaxTree.ParseText(tree.GetText(), parse, tree.FilePath)));
        int operations = specs.Sum(spec => CountEndpoints(spec.GetText()!.ToString()));
        int interfaceMethods = run.GeneratedTrees
            .Where(tree => tree.FilePath.EndsWith(".Interface.g.cs", StringComparison.Ordinal))
            .Sum(tree => tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Count());
        return new WholeApiGeneratorComparison(specs, userCompilation, handWritten, ours, refit, parse, operations) { InterfaceMethods = interfaceMethods };
    }

    private static int CountEndpoints(string specText)
    {
        using var document = System.Text.Json.JsonDocument.Parse(specText);
        return document.RootElement.GetProperty("endpoints").EnumerateObject().Count(e => !e.Name.StartsWith("x-", StringComparison.Ordinal));
    }

    public int OursFiles() => OursDriver().RunGenerators(_userCompilation).GetRunResult().GeneratedTrees.Length;

    public int RefitFiles() => RefitDriver().RunGenerators(_handWrittenCompilation).GetRunResult().GeneratedTrees.Length;

    public double OursMilliseconds(int iterations) =>
        Timing.MedianMilliseconds(() => OursDriver().RunGenerators(_userCompilation), warmup: 3, iterations);

    public double RefitMilliseconds(int iterations) =>
        Timing.MedianMilliseconds(() => RefitDriver().RunGenerators(_handWrittenCompilation), warmup: 3, iterations);

    private GeneratorDriver OursDriver() => CSharpGeneratorDriver.Create([_ours.AsSourceGenerator()], _specs, _parse);

    private GeneratorDriver RefitDriver() => CSharpGeneratorDriver.Create([_refit.AsSourceGenerator()], [], _parse);

    private sealed class FileText(string path) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(File.ReadAllText(path));

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
