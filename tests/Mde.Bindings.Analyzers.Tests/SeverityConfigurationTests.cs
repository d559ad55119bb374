using Mde.Bindings.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>Both rules follow the usual .editorconfig severity settings.</summary>
public sealed class SeverityConfigurationTests
{
    [Fact]
    public async Task Editorconfig_turns_one_rule_off_and_leaves_the_other()
    {
        var test = new CSharpAnalyzerTest<ConsumeImmediatelyAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Assemblies,
            TestCode = TestSources.Usings + """
                class C
                {
                    private Uri? _uri;
                    async Task M(ILiveResponseApi api)
                    {
                        var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                        _uri = link.Uri;
                        {|#0:Console.WriteLine(link.Uri)|};
                    }
                }
                """,
        };
        test.TestState.Sources.Add(("/0/LiveResponseApi.g.cs", TestSources.LiveResponseApi));
        test.TestState.AdditionalReferences.AddRange(TestReferences.All);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            dotnet_diagnostic.MDE1001.severity = none
            dotnet_diagnostic.MDE1002.severity = warning
            """));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(DiagnosticDescriptors.LinkLogged).WithSeverity(DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Console.WriteLine"));
        await test.RunAsync();
    }
}
