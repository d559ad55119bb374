using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Runtime.Loader;
using System.Text.Json;
using Basic.Reference.Assemblies;
using Mde.Bindings.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Benchmarks.AnalyzerCost;

/// <summary>
/// The analyzer's declaration walk alone (<c>LinkTypes.OccursIn</c>, which decides for every declaration whether it is
/// analyzed, and most of the analyzer's time), on the operation trees of the analyzer-cost consumer compiled in this
/// process: every pass walks all of them with a fresh per-compilation state, timed in thread CPU time, so that a change of
/// a tenth shows on a loaded machine, where the build's analyzer times swing by more than that. With
/// <c>--compare-with</c> an earlier build of the analyzer walks the same trees, the two alternating pass by pass; both
/// must find a link in the same declarations. Usage: <c>analyzer-walk [--files N] [--passes P] [--compare-with path]</c>.
/// The walk is internal to the analyzer: each build is loaded on its own and its walk is called by reflection.
/// </summary>
internal static class AnalyzerWalkBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int files = BenchmarkOptions.Int(args, "--files", 500);
        int passes = BenchmarkOptions.Int(args, "--passes", 40, minimum: 4);
        string? compareWith = AnalyzerUnderTest.CompareWith(args);

        string work = Path.Combine(Path.GetTempPath(), "mde-analyzer-walk-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Console.WriteLine(AnalyzerCostBenchmark.LoadAverage("start"));
            string ours = await AnalyzerUnderTest.BuildAsync(Path.Combine(work, "analyzer"));
            var walks = new List<Walk> { Walk.Load("ours", ours) };
            if (compareWith is not null)
            {
                string earlier = AnalyzerUnderTest.CopyEarlier(compareWith, Path.Combine(work, "earlier"));
                walks.Add(Walk.Load("earlier", earlier));
            }

            CSharpCompilation compilation = Consumer(files);
            IOperation[] blocks = await OperationBlocksAsync(compilation);
            int operations = blocks.Sum(block => block.DescendantsAndSelf().Count());
            Console.WriteLine($"consumer: {files} files, {blocks.Length} operation blocks, {operations} operations");
            for (int pass = 0; pass < passes; pass++)
            {
                // Alternating which walks first, so that a drift in the machine's load favours neither.
                foreach (Walk walk in pass % 2 == 0 ? walks : Enumerable.Reverse(walks))
                {
                    walk.Pass(compilation, blocks);
                }
            }

            foreach (Walk walk in walks)
            {
                Console.WriteLine($"{walk.Label,-8} median of the last {walk.Kept(passes).Count} passes: {walk.Median(passes):F2} ms (min {walk.Kept(passes)[0]:F2}, max {walk.Kept(passes)[^1]:F2}); declarations with a link: {walk.WithLink}");
            }

            if (walks.Count == 2 && walks[0].WithLink != walks[1].WithLink)
            {
                Console.Error.WriteLine($"analyzer-walk: ours finds a link in {walks[0].WithLink} declarations, the earlier build in {walks[1].WithLink}: the walks decide differently.");
                return 1;
            }

            double? ratio = walks.Count == 2 ? walks[0].Median(passes) / walks[1].Median(passes) : null;
            if (ratio is { } r)
            {
                Console.WriteLine($"ours against the earlier build, same run: {walks[0].Median(passes):F2} ms against {walks[1].Median(passes):F2} ms (ratio {r:F3})");
            }

            Console.WriteLine(AnalyzerCostBenchmark.LoadAverage("end"));
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "analyzer-walk",
                files,
                passes,
                blocks = blocks.Length,
                operations,
                blocks_with_link = walks[0].WithLink,
                ours_ms = Math.Round(walks[0].Median(passes), 2),
                earlier_ms = walks.Count == 2 ? Math.Round(walks[1].Median(passes), 2) : (double?)null,
                ratio = ratio is { } value ? Math.Round(value, 3) : (double?)null,
            }));
            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    // The analyzer-cost consumer's sources, with the references and implicit usings of its project.
    private static CSharpCompilation Consumer(int files)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";
        IEnumerable<SyntaxTree> trees = ConsumerProjectWriter.Sources(files)
            .Append<(string Name, string Text)>(("GlobalUsings.g.cs", ImplicitUsings))
            .Select(source => CSharpSyntaxTree.ParseText(source.Text, options, source.Name));
        IEnumerable<MetadataReference> references = Net100.References.All.Cast<MetadataReference>().Concat(
        [
            MetadataReference.CreateFromFile(typeof(DownloadLink<>).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Refit.GetAttribute).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(ILogger).Assembly.Location),
        ]);
        CSharpCompilation compilation = CSharpCompilation.Create("Consumer", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException("The consumer does not compile in process:\n" + string.Join('\n', errors.Select(e => e.ToString())));
        }

        return compilation;
    }

    // The operation blocks as the analyzer driver hands them to analyzers: one per declaration part.
    private static async Task<IOperation[]> OperationBlocksAsync(Compilation compilation)
    {
        var collector = new BlockCollector();
        await compilation.WithAnalyzers([collector]).GetAnalyzerDiagnosticsAsync();
        return [.. collector.Blocks];
    }

    // Run by this benchmark only, never loaded by a compiler: the rules for shipped analyzers do not apply.
#pragma warning disable RS1036, RS1041, RS2008, RS1026, RS1012

    /// <summary>Collects every operation block of a compilation.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class BlockCollector : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor None = new("WALK0000", "unused", "unused", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        public ConcurrentBag<IOperation> Blocks { get; } = [];

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [None];

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationBlockStartAction(block =>
            {
                foreach (IOperation operation in block.OperationBlocks)
                {
                    Blocks.Add(operation);
                }
            });
        }
    }
#pragma warning restore RS1036, RS1041, RS2008, RS1026, RS1012

    /// <summary>One build of the analyzer, loaded on its own, and its pass times.</summary>
    private sealed class Walk(string label, Func<Compilation, object> createLinkTypes, Func<object, IOperation, bool> occursIn)
    {
        private readonly List<double> _passMs = [];

        public string Label { get; } = label;

        public int WithLink { get; private set; }

        public static Walk Load(string label, string path)
        {
            var context = new AssemblyLoadContext(label + "-" + Guid.NewGuid().ToString("N")[..8]);
            Type linkTypes = context.LoadFromAssemblyPath(path).GetType("Mde.Bindings.Analyzers.LinkTypes", throwOnError: true)!;
            System.Reflection.MethodInfo create = linkTypes.GetMethod("TryCreate") ?? throw new MissingMethodException(linkTypes.FullName, "TryCreate");
            System.Reflection.MethodInfo walk = linkTypes.GetMethods().Single(m => m.Name == "OccursIn" && m.GetParameters().Length == 2);
            ParameterExpression instance = Expression.Parameter(typeof(object));
            ParameterExpression operation = Expression.Parameter(typeof(IOperation));
            Func<object, IOperation, bool> occursIn = Expression.Lambda<Func<object, IOperation, bool>>(
                Expression.Call(Expression.Convert(instance, linkTypes), walk, operation, Expression.Constant(null, walk.GetParameters()[1].ParameterType)),
                instance, operation).Compile();
            return new Walk(label, compilation => create.Invoke(null, [compilation]) ?? throw new InvalidOperationException("The consumer does not reference Mde.Bindings."), occursIn);
        }

        /// <summary>Walks every block once, with the state a new compilation starts with.</summary>
        public void Pass(Compilation compilation, IOperation[] blocks)
        {
            object state = createLinkTypes(compilation);
            int withLink = 0;
            TimeSpan start = ThreadCpuTime.Now();
            foreach (IOperation block in blocks)
            {
                withLink += occursIn(state, block) ? 1 : 0;
            }

            _passMs.Add((ThreadCpuTime.Now() - start).TotalMilliseconds);
            WithLink = withLink;
        }

        // The first half warms the code up (tiered compilation): the second half is counted.
        public List<double> Kept(int passes) => [.. _passMs.Skip(passes / 2).Order()];

        public double Median(int passes) => Kept(passes)[Kept(passes).Count / 2];
    }
}
