using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Mde.Bindings.Generator.Common;
using Mde.Bindings.Generator.Emit;
using Mde.Bindings.Generator.Spec;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator;

/// <summary>
/// Turns <c>*.api.json</c> AdditionalFiles into a Refit interface, its client, models, enums, JSON metadata, a
/// throttling decorator, metadata and DI registration. Pipeline: read each file into an equatable model
/// (no symbols, no syntax), check names across specs, then emit, so that only a changed spec re-emits.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ApiSpecGenerator : IIncrementalGenerator
{
    /// <summary>Step names, for incremental-caching tests.</summary>
    public static class Steps
    {
        public const string SpecFiles = "SpecFiles";
        public const string ReadSpecs = "ReadSpecs";
        public const string Identities = "SpecIdentities";
        public const string EmitInputs = "EmitInputs";
        public const string LanguageVersion = "LanguageVersion";
        public const string ReferencedApis = "ReferencedApis";
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<AdditionalText> specFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".api.json", StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(Steps.SpecFiles);

        IncrementalValuesProvider<SpecFileResult> specs = specFiles
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ReadSpec(pair.Left, pair.Right.GetOptions(pair.Left), cancellationToken))
            .WithTrackingName(Steps.ReadSpecs);

        IncrementalValueProvider<EquatableArray<SpecIdentity>> identities = specs
            .Select(static (result, _) => result.Identity)
            .Where(static identity => identity is not null)
            .Collect()
            .Select(static (all, _) => all.Select(identity => identity!).OrderBy(identity => identity.FilePath, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(Steps.Identities);

        IncrementalValueProvider<LanguageVersion> languageVersion = context.ParseOptionsProvider
            .Select(static (options, _) => options is CSharpParseOptions csharp ? csharp.LanguageVersion : LanguageVersion.Latest)
            .WithTrackingName(Steps.LanguageVersion);

        IncrementalValueProvider<EquatableArray<string>> referencedApis = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => ReferencedApis.Find(compilation, cancellationToken))
            .WithTrackingName(Steps.ReferencedApis);

        IncrementalValuesProvider<EmitInput> inputs = specs
            .Combine(identities)
            .Combine(languageVersion)
            .Combine(referencedApis)
            .Select(static (pair, _) => EmitInput.Create(pair.Left.Left.Left, pair.Left.Left.Right, pair.Left.Right, pair.Right))
            .WithTrackingName(Steps.EmitInputs);

        context.RegisterSourceOutput(inputs, static (production, input) => Emit(production, input));
    }

    private static SpecFileResult ReadSpec(AdditionalText file, AnalyzerConfigOptions options, CancellationToken cancellationToken)
    {
        SourceText? text = file.GetText(cancellationToken);
        if (text is null)
        {
            return SpecFileResult.Failed(DiagnosticDescriptors.InvalidJson, file.Path, "the file could not be read");
        }

        var overrides = new SpecOverrides(
            options.TryGetValue("build_metadata.AdditionalFiles.MdeBindingsNamespace", out string? ns) && !string.IsNullOrWhiteSpace(ns) ? ns.Trim() : null,
            options.TryGetValue("build_metadata.AdditionalFiles.MdeBindingsVisibility", out string? visibility) && !string.IsNullOrWhiteSpace(visibility) ? visibility.Trim().ToLowerInvariant() : null);
        return SpecReader.Read(file.Path, text, overrides, cancellationToken);
    }

    private static void Emit(SourceProductionContext production, EmitInput input)
    {
        foreach (DiagnosticInfo diagnostic in input.Diagnostics)
        {
            production.ReportDiagnostic(diagnostic.ToDiagnostic());
        }

        if (input.Spec is not { } spec)
        {
            return;
        }

        // Emit every file before adding any: a spec either generates completely or not at all.
        List<(string HintName, string Source)> files;
        try
        {
            files = SpecEmitter.Emit(spec).ToList();
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            production.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, LocationInfo.FileStart(spec.FilePath).ToLocation(), ex.GetType().Name + ": " + ex.Message));
            return;
        }

        foreach ((string hintName, string source) in files)
        {
            production.AddSource(hintName, SourceText.From(source, System.Text.Encoding.UTF8));
        }
    }
}
