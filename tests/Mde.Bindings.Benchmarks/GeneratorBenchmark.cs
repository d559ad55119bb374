using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Mde.Bindings.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Benchmarks;

/// <summary>
/// Our generator on a 100-endpoint spec against Refit's own generator on the equivalent hand-written Refit interface,
/// both run from scratch in the same process, plus how many files ours re-emits after an unrelated edit; then the same
/// comparison at the whole API's size (every shipped spec).
/// </summary>
internal static class GeneratorBenchmark
{
    private const int Endpoints = 100;
    private const int Models = 10;

    public static Task<int> RunAsync(string[] args)
    {
        int iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
        ImmutableArray<MetadataReference> references = References();
        var parse = new CSharpParseOptions(LanguageVersion.Latest);

        // Ours: the spec is an AdditionalFile; the compilation holds only the user's own code.
        var spec = new SpecText("/bench/bench.api.json", BuildSpec());
        CSharpCompilation oursCompilation = Compile(parse, references, "namespace App { public static class Program { } }");
        IIncrementalGenerator ours = new ApiSpecGenerator();

        // Refit: the same API written by hand (models and interface), as a Refit user would.
        CSharpCompilation refitCompilation = Compile(parse, references, "namespace App { public static class Program { } }", BuildRefitSource());
        IIncrementalGenerator refit = LoadRefitGenerator();

        GeneratorDriver oursDriver() => CSharpGeneratorDriver.Create([ours.AsSourceGenerator()], [spec], parse);
        GeneratorDriver refitDriver() => CSharpGeneratorDriver.Create([refit.AsSourceGenerator()], [], parse);

        int oursFiles = oursDriver().RunGenerators(oursCompilation).GetRunResult().GeneratedTrees.Length;
        int refitFiles = refitDriver().RunGenerators(refitCompilation).GetRunResult().GeneratedTrees.Length;
        if (oursFiles == 0 || refitFiles == 0)
        {
            Console.Error.WriteLine($"A generator produced nothing (ours {oursFiles} files, Refit {refitFiles}): the comparison would be meaningless.");
            return Task.FromResult(1);
        }

        double oursMs = Timing.MedianMilliseconds(() => oursDriver().RunGenerators(oursCompilation), warmup: 5, iterations);
        double refitMs = Timing.MedianMilliseconds(() => refitDriver().RunGenerators(refitCompilation), warmup: 5, iterations);
        int reemitted = ReemittedAfterUnrelatedEdit(ours, spec, oursCompilation, parse);

        var wholeApi = WholeApiGeneratorComparison.Create(oursCompilation, ours, refit, parse);
        int wholeOursFiles = wholeApi.OursFiles();
        int wholeRefitFiles = wholeApi.RefitFiles();
        int wholeIterations = Math.Max(5, iterations / 4);
        double wholeOursMs = wholeApi.OursMilliseconds(wholeIterations);
        double wholeRefitMs = wholeApi.RefitMilliseconds(wholeIterations);

        Console.WriteLine($"endpoints: {Endpoints} (models: {Models}); iterations: {iterations} (median of a fresh driver's first run)");
        Console.WriteLine($"ours:  {oursMs,8:0.00} ms  ({oursFiles} files)");
        Console.WriteLine($"refit: {refitMs,8:0.00} ms  ({refitFiles} files)");
        Console.WriteLine($"ratio: {oursMs / refitMs:0.000}; files re-emitted after an unrelated edit: {reemitted}");
        Console.WriteLine($"whole API: {wholeApi.Specs} shipped specs, {wholeApi.Operations} operations ({wholeApi.InterfaceMethods} interface methods); iterations: {wholeIterations}");
        Console.WriteLine($"ours:  {wholeOursMs,8:0.00} ms  ({wholeOursFiles} files)");
        Console.WriteLine($"refit: {wholeRefitMs,8:0.00} ms  ({wholeRefitFiles} files, over our interfaces and models as hand-written source)");
        Console.WriteLine($"ratio: {wholeOursMs / wholeRefitMs:0.000}");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            benchmark = "generator",
            endpoints = Endpoints,
            ours_ms = Math.Round(oursMs, 3),
            refit_ms = Math.Round(refitMs, 3),
            ratio = Math.Round(oursMs / refitMs, 3),
            incremental_unrelated_edit_reemitted = reemitted,
            whole_api_specs = wholeApi.Specs,
            whole_api_operations = wholeApi.Operations,
            whole_api_interface_methods = wholeApi.InterfaceMethods,
            whole_api_ours_ms = Math.Round(wholeOursMs, 3),
            whole_api_refit_ms = Math.Round(wholeRefitMs, 3),
            whole_api_ratio = Math.Round(wholeOursMs / wholeRefitMs, 3),
        }));
        return Task.FromResult(0);
    }

    private static int ReemittedAfterUnrelatedEdit(IIncrementalGenerator ours, AdditionalText spec, CSharpCompilation compilation, CSharpParseOptions parse)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [ours.AsSourceGenerator()], [spec], parse, optionsProvider: null,
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { public static class Edited { public static int X => 1; } }", parse));
        GeneratorRunResult run = driver.RunGenerators(edited).GetRunResult().Results.Single();
        return run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Count(o => o.Reason != IncrementalStepRunReason.Cached);
    }

    private static CSharpCompilation Compile(CSharpParseOptions parse, ImmutableArray<MetadataReference> references, params string[] sources) =>
        CSharpCompilation.Create("Bench", sources.Select(s => CSharpSyntaxTree.ParseText(s, parse)), references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static ImmutableArray<MetadataReference> References() =>
        Basic.Reference.Assemblies.Net100.References.All
            .Concat(new[] { typeof(Refit.RestService), typeof(DownloadLink<>), typeof(System.Threading.RateLimiting.RateLimiter) }
                .Select(t => MetadataReference.CreateFromFile(t.Assembly.Location)))
            .Cast<MetadataReference>()
            .ToImmutableArray();

    private static IIncrementalGenerator LoadRefitGenerator()
    {
        string directory = typeof(GeneratorBenchmark).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RefitAnalyzersDirectory").Value!;
        Assembly assembly = Assembly.LoadFrom(Path.Combine(directory, "InterfaceStubGeneratorV2.dll"));
        Type type = assembly.GetTypes().Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract);
        return (IIncrementalGenerator)Activator.CreateInstance(type)!;
    }

    /// <summary>A spec of 100 operations over 10 models: gets, lists with OData query options, posts with bodies, deletes.</summary>
    private static string BuildSpec()
    {
        var models = new StringBuilder();
        for (int m = 0; m < Models; m++)
        {
            models.Append(m == 0 ? string.Empty : ",\n")
                .Append(CultureInfo.InvariantCulture, $"    \"Item{m}\": {{ \"properties\": {{ \"id\": {{ \"type\": \"string\", \"required\": true }}, \"name\": \"string\", \"count\": \"int32\", \"size\": \"int64?\", \"created\": \"datetime?\", \"enabled\": \"bool\", \"tags\": \"string[]?\" }} }}");
        }

        var endpoints = new StringBuilder();
        for (int e = 0; e < Endpoints; e++)
        {
            int m = e % Models;
            string body = (e % 4) switch
            {
                0 => $"\"method\": \"GET\", \"path\": \"/api/items{m}/{{id}}/op{e}\", \"parameters\": {{ \"id\": \"string\" }}, \"returns\": \"Item{m}\"",
                1 => $"\"method\": \"GET\", \"path\": \"/api/items{m}/op{e}\", \"parameters\": {{ \"$filter\": {{ \"type\": \"string?\", \"in\": \"query\", \"name\": \"filter\" }}, \"$top\": {{ \"type\": \"int32?\", \"in\": \"query\", \"name\": \"top\" }} }}, \"returns\": {{ \"value\": \"Item{m}[]\" }}",
                2 => $"\"method\": \"POST\", \"path\": \"/api/items{m}/{{id}}/op{e}\", \"parameters\": {{ \"id\": \"string\" }}, \"body\": \"Item{m}\", \"returns\": \"Item{m}\"",
                _ => $"\"method\": \"DELETE\", \"path\": \"/api/items{m}/{{id}}/op{e}\", \"parameters\": {{ \"id\": \"string\" }}",
            };
            endpoints.Append(e == 0 ? string.Empty : ",\n")
                .Append(CultureInfo.InvariantCulture, $"    \"Op{e}\": {{ {body}, \"permissions\": {{ \"application\": [\"Items.ReadWrite\"] }}, \"limits\": [\"100/minute\", \"1500/hour\"] }}");
        }

        return $$"""
            {
              "specVersion": 1, "name": "Bench", "namespace": "Bench.Api", "audience": "https://api.bench.test",
              "endpoints": {
            {{endpoints}}
              },
              "models": {
            {{models}}
              }
            }
            """;
    }

    /// <summary>The same 100 operations as a hand-written Refit interface with its models.</summary>
    private static string BuildRefitSource()
    {
        var source = new StringBuilder("#nullable enable\nusing System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks; using Refit;\nnamespace Bench.Refit {\n");
        for (int m = 0; m < Models; m++)
        {
            source.Append(CultureInfo.InvariantCulture, $"public sealed class Item{m} {{ public required string Id {{ get; init; }} public string? Name {{ get; init; }} public int Count {{ get; init; }} public long? Size {{ get; init; }} public DateTimeOffset? Created {{ get; init; }} public bool Enabled {{ get; init; }} public IReadOnlyList<string>? Tags {{ get; init; }} }}\n");
            source.Append(CultureInfo.InvariantCulture, $"public sealed class Item{m}List {{ public IReadOnlyList<Item{m}>? Value {{ get; init; }} }}\n");
        }

        source.Append("public interface IBenchApi {\n");
        for (int e = 0; e < Endpoints; e++)
        {
            int m = e % Models;
            source.Append((e % 4) switch
            {
                0 => $"[Get(\"/api/items{m}/{{id}}/op{e}\")] Task<Item{m}> Op{e}Async(string id, CancellationToken cancellationToken = default);\n",
                1 => $"[Get(\"/api/items{m}/op{e}\")] Task<Item{m}List> Op{e}Async([Query, AliasAs(\"$filter\")] string? filter = null, [Query, AliasAs(\"$top\")] int? top = null, CancellationToken cancellationToken = default);\n",
                2 => $"[Post(\"/api/items{m}/{{id}}/op{e}\")] Task<Item{m}> Op{e}Async(string id, [Body] Item{m} body, CancellationToken cancellationToken = default);\n",
                _ => $"[Delete(\"/api/items{m}/{{id}}/op{e}\")] Task Op{e}Async(string id, CancellationToken cancellationToken = default);\n",
            });
        }

        return source.Append("}\n}\n").ToString();
    }

    private sealed class SpecText(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }
}
