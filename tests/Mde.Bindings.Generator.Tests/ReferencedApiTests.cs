using Mde.Bindings.Generator.Tests.Infrastructure;
using Mde.Bindings.Generator.Tests.SpecFormat;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// A solution whose projects all reference the package: the project that references another one holding an API's
/// public types uses them instead of generating a second copy (which would clash, CS0436).
/// </summary>
public sealed class ReferencedApiTests
{
    private static readonly string Spec = File.ReadAllText(SpecFiles.LiveResponseSpecPath);

    [Fact]
    public void A_public_api_in_a_referenced_assembly_is_not_generated_again()
    {
        MetadataReference library = BuildLibrary(Spec);
        CSharpCompilation app = GeneratorHarness.CreateCompilation("""
            public static class App
            {
                public static Mde.Bindings.LiveResponse.ILiveResponseApi Create(System.Net.Http.HttpClient http) => Refit.RestService.For<Mde.Bindings.LiveResponse.ILiveResponseApi>(http);
            }
            """).AddReferences(library);

        GenerationResult result = GeneratorHarness.Run([new InMemoryAdditionalText("/app/live-response.api.json", Spec)], app);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.Sources);
        Assert.Empty(result.CompilationProblems);
    }

    [Fact]
    public void An_internal_api_in_a_referenced_assembly_does_not_stop_generation()
    {
        MetadataReference library = BuildLibrary(Spec.Replace("\"specVersion\": 2,", "\"specVersion\": 2, \"visibility\": \"internal\",", StringComparison.Ordinal));
        CSharpCompilation app = GeneratorHarness.CreateCompilation("public static class App { }").AddReferences(library);

        GenerationResult result = GeneratorHarness.Run([new InMemoryAdditionalText("/app/live-response.api.json", Spec)], app);

        Assert.NotEmpty(result.Sources);
        Assert.Empty(result.CompilationProblems);
    }

    private static MetadataReference BuildLibrary(string spec)
    {
        CSharpCompilation library = GeneratorHarness.CreateCompilation("public static class Library { }").WithAssemblyName("Library");
        GenerationResult result = GeneratorHarness.Run([new InMemoryAdditionalText("/lib/live-response.api.json", spec)], library);
        Assert.Empty(result.CompilationProblems);
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = result.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
