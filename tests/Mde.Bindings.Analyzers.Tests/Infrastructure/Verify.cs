using Mde.Bindings.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Mde.Bindings.Analyzers.Tests.Infrastructure;

/// <summary>Runs the analyzer (and its code fix) over consumer code with the shared sources and offline references.</summary>
internal static class Verify
{
    public static DiagnosticResult Stored(int location, string where) =>
        new DiagnosticResult(DiagnosticDescriptors.LinkStored).WithLocation(location).WithArguments(where);

    public static DiagnosticResult Logged(int location, string where) =>
        new DiagnosticResult(DiagnosticDescriptors.LinkLogged).WithLocation(location).WithArguments(where);

    /// <summary>Analyzes <paramref name="source"/> (prefixed with <see cref="TestSources.Usings"/>) and expects exactly <paramref name="expected"/>.</summary>
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        AnalyzerAsync([TestSources.Usings + source], expected);

    public static async Task AnalyzerAsync(IEnumerable<string> sources, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<ConsumeImmediatelyAnalyzer, DefaultVerifier> { ReferenceAssemblies = TestReferences.Assemblies };
        int index = 0;
        foreach (string source in sources)
        {
            test.TestState.Sources.Add(($"/0/Test{index++}.cs", source));
        }

        test.TestState.Sources.Add(("/0/LiveResponseApi.g.cs", TestSources.LiveResponseApi));
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Applies the code fix to <paramref name="source"/> and expects <paramref name="fixedSource"/>, which must compile.</summary>
    public static async Task CodeFixAsync(string source, string fixedSource, params DiagnosticResult[] expected)
    {
        var test = new CSharpCodeFixTest<ConsumeImmediatelyAnalyzer, DownloadAtOnceCodeFixProvider, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Assemblies,
            TestCode = TestSources.Usings + source,
            FixedCode = fixedSource.StartsWith("using", StringComparison.Ordinal) ? fixedSource : TestSources.Usings + fixedSource,
            // Errors in the fixed code fail the test: the fix must leave code that compiles.
            CompilerDiagnostics = CompilerDiagnostics.Errors,
        };
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.Sources.Add(("/0/LiveResponseApi.g.cs", TestSources.LiveResponseApi));
            state.AdditionalReferences.AddRange(TestReferences.All);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>Expects the code fix not to be offered for <paramref name="source"/> (the diagnostics are still reported).</summary>
    public static async Task NoCodeFixAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpCodeFixTest<ConsumeImmediatelyAnalyzer, DownloadAtOnceCodeFixProvider, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Assemblies,
            TestCode = TestSources.Usings + source,
            FixedCode = TestSources.Usings + source,
        };
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.Sources.Add(("/0/LiveResponseApi.g.cs", TestSources.LiveResponseApi));
            state.AdditionalReferences.AddRange(TestReferences.All);
        }

        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }
}
