using System.Collections.Immutable;
using Mde.Bindings.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>
/// The repository's own code obeys the rules it ships: every project under src/ is compiled from its sources and
/// analyzed, and a canary file proves the same compilation would report a stored or logged link. The compilation runs
/// no source generator, so code that uses generated types binds only in part; the full check is the runtime's own
/// build, which runs the analyzer with its generators (warnings are errors there).
/// </summary>
public sealed class RepositorySourceTests(ITestOutputHelper output)
{
    // What the .NET SDK adds for ImplicitUsings, which the src/ projects use.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private const string Canary = """
        namespace Mde.Bindings.Canary;
        internal sealed class KeepsALink
        {
            private Uri? _uri;
            public void Keep(DownloadLink<string> link)
            {
                _uri = link.Uri;
                Console.WriteLine(link.Uri.AbsoluteUri);
            }
        }
        """;

    [Fact]
    public async Task Src_projects_store_and_log_no_link()
    {
        IReadOnlyList<string> projects = SourceProjects();
        Assert.Contains(projects, p => Path.GetFileName(p) == "Mde.Bindings");
        foreach (string project in projects)
        {
            ImmutableArray<Diagnostic> found = await AnalyzeAsync(project, extraSource: null);
            Assert.True(found.IsEmpty, $"{Path.GetFileName(project)}: {string.Join(Environment.NewLine, found)}");
        }
    }

    [Fact]
    public async Task A_src_file_that_keeps_or_logs_a_link_would_be_found()
    {
        string runtime = SourceProjects().Single(p => Path.GetFileName(p) == "Mde.Bindings");
        ImmutableArray<Diagnostic> found = await AnalyzeAsync(runtime, Canary);
        Assert.Equal(["MDE1001", "MDE1002"], found.Select(d => d.Id).Order());
    }

    private async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string projectDirectory, string? extraSource)
    {
        string name = Path.GetFileName(projectDirectory);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(projectDirectory, file))
            .Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), parse, file))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "ImplicitUsings.g.cs"))
            .ToList();
        if (extraSource is not null)
        {
            trees.Add(CSharpSyntaxTree.ParseText(extraSource, parse, "Canary.cs"));
        }

        var compilation = CSharpCompilation.Create(
            name,
            trees,
            References(excluding: name),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.NotNull(compilation.GetTypeByMetadataName("Mde.Bindings.ConsumeImmediatelyAttribute"));

        // Report how well the sources bound: code that does not bind is analyzed less precisely.
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        output.WriteLine($"{name}: {trees.Count} files, {errors.Count} compile errors without the build's generators");
        foreach (Diagnostic error in errors.Take(10))
        {
            output.WriteLine("  " + error);
        }

        var analyzed = compilation.WithAnalyzers([new ConsumeImmediatelyAnalyzer()]);
        return await analyzed.GetAnalyzerDiagnosticsAsync();
    }

    private static bool IsBuildOutput(string projectDirectory, string file)
    {
        string relative = Path.GetRelativePath(projectDirectory, file).Replace('\\', '/');
        return relative.StartsWith("bin/", StringComparison.Ordinal) || relative.StartsWith("obj/", StringComparison.Ordinal);
    }

    /// <summary>The reference pack plus every library the test's own build resolved (the runtime's dependencies), less the project itself.</summary>
    private static IEnumerable<MetadataReference> References(string excluding)
    {
        var names = new HashSet<string>(Basic.Reference.Assemblies.Net100.References.All.Select(r => Path.GetFileNameWithoutExtension(r.FilePath!)), StringComparer.OrdinalIgnoreCase);
        IEnumerable<MetadataReference> libraries = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Where(path => !names.Contains(Path.GetFileNameWithoutExtension(path)))
            .Where(path => !string.Equals(Path.GetFileNameWithoutExtension(path), excluding, StringComparison.OrdinalIgnoreCase))
            .Where(path => !Path.GetFileName(path).StartsWith("Mde.Bindings.Analyzers", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));
        return Basic.Reference.Assemblies.Net100.References.All.Concat(libraries);
    }

    private static IReadOnlyList<string> SourceProjects()
    {
        string root = RepositoryRoot.Path;
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(project => Path.GetDirectoryName(project)!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
