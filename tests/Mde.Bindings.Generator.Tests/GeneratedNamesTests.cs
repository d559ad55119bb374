using Mde.Bindings.Generator.Spec;
using Mde.Bindings.Generator.Spec.Model;
using Mde.Bindings.Generator.Tests.Infrastructure;
using Mde.Bindings.Generator.Tests.SpecFormat;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// Generated names and paths are derived once, in the spec model: the reader checks specs against those names and
/// the emitters write exactly those, with the path template the reader parsed.
/// </summary>
public sealed class GeneratedNamesTests
{
    [Theory]
    [MemberData(nameof(SpecFiles.AllSpecs), MemberType = typeof(SpecFiles))]
    public void Every_generated_type_is_named_by_the_model(string specPath)
    {
        ApiSpec spec = Read(specPath);
        GenerationResult result = GeneratorHarness.Run(("/specs/" + Path.GetFileName(specPath), File.ReadAllText(SpecFiles.FullPath(specPath))));

        var declared = result.Sources
            .SelectMany(source => CSharpSyntaxTree.ParseText(source.SourceText).GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            .Select(type => type.Identifier.ValueText)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        bool anyAliases = spec.Models.Any(m => m.Properties.Any(p => !p.Aliases.IsEmpty));
        var named = spec.Names.TypeNames
            .Concat(spec.Models.SelectMany(m => m.IsForm ? new[] { m.Name } : new[] { m.Name, m.ConverterName }))
            .Append(GeneratedNames.JsonNamesClass)
            .Concat(anyAliases ? new[] { GeneratedNames.JsonAliasesClass } : [])
            .Concat(spec.Enums.SelectMany(e => new[] { e.Name, e.ConverterName }))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(named, declared);
    }

    [Fact]
    public void Operation_methods_and_the_registration_method_are_the_models_names()
    {
        ApiSpec spec = Read("Specs/all-features.api.json");
        GenerationResult result = GeneratorHarness.Run(("/specs/all-features.api.json", File.ReadAllText(SpecFiles.AllFeaturesSpecPath)));

        var methods = result.Sources
            .SelectMany(source => CSharpSyntaxTree.ParseText(source.SourceText).GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
            .Select(method => method.Identifier.ValueText)
            .ToHashSet(StringComparer.Ordinal);
        Assert.All(spec.Endpoints, endpoint => Assert.Contains(endpoint.MethodName, methods));
        Assert.Contains(spec.Names.RegistrationMethod, methods);
        Assert.Equal("AddMachinesApi", spec.Names.RegistrationMethod);
    }

    [Fact]
    public void Path_templates_are_parsed_once_into_literals_and_the_parameters_that_fill_them()
    {
        EndpointSpec link = Read("api-spec/live-response.api.json").Endpoints.Single(e => e.Name == "GetLiveResponseResultDownloadLink");

        Assert.Equal(
            ["/api/machineactions/", "{machineActionId}", "/GetLiveResponseResultDownloadLink(index=", "{commandIndex}", ")"],
            link.PathSegments.Select(s => s.Parameter is { } p ? "{" + p.WireName + "}" : s.Text));
        Assert.Equal(["machineActionId", "commandIndex"], link.PathSegments.Where(s => s.Parameter is not null).Select(s => s.Parameter!.CSharpName));
        Assert.Equal(link.Path, string.Concat(link.PathSegments.Select(s => s.Parameter is null ? s.Text : "{" + s.Text + "}")));
    }

    [Fact]
    public void A_path_that_is_only_a_parameter_or_only_text_has_one_segment_per_piece()
    {
        ApiSpec spec = Read("Specs/all-features.api.json");

        EndpointSpec list = spec.Endpoints.Single(e => e.Path == "/api/machines");
        Assert.Equal([PathSegment.Literal("/api/machines")], list.PathSegments);

        EndpointSpec report = spec.Endpoints.Single(e => e.Path == "/api/machines/{id}/report(days={days})");
        Assert.Equal(["/api/machines/", "id", "/report(days=", "days", ")"], report.PathSegments.Select(s => s.Text));
    }

    private static ApiSpec Read(string specPath)
    {
        string fullPath = SpecFiles.FullPath(specPath);
        SpecFileResult result = SpecReader.Read(fullPath, SourceText.From(File.ReadAllText(fullPath)), SpecOverrides.None, CancellationToken.None);
        Assert.Empty(result.Diagnostics);
        return result.Spec!;
    }
}
