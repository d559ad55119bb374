using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Mde.Bindings.Generator.Tests.Infrastructure;
using Mde.Bindings.Generator.Tests.SpecFormat;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Mde.Bindings.Generator.Tests;

/// <summary>
/// The generator is on the IDE's keystroke path: edits that do not touch a spec must re-run nothing, and editing one
/// spec must re-emit only that spec's files.
/// </summary>
public sealed class IncrementalGenerationTests
{
    private static readonly InMemoryAdditionalText LiveResponse = new("/specs/live-response.api.json", File.ReadAllText(SpecFiles.LiveResponseSpecPath));
    private static readonly InMemoryAdditionalText AllFeatures = new("/specs/all-features.api.json", File.ReadAllText(SpecFiles.AllFeaturesSpecPath));

    [Fact]
    public void Unrelated_code_edit_reuses_every_step_and_emits_nothing_new()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace App { public class A { } }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver([LiveResponse, AllFeatures]).RunGenerators(compilation);

        CSharpCompilation edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("namespace App { public class B { public int X => 42; } }", GeneratorHarness.ParseOptions));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllReused(second.TrackedSteps);
        var emitted = second.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(run => run.Outputs).ToList();
        Assert.True(emitted.Count > 0, "no tracked output step ran: the reuse checks would pass on a generator that emits nothing");
        Assert.All(emitted, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        Assert.Equal(0, ReEmitted(second));
        Assert.NotEmpty(second.GeneratedSources);
    }

    [Fact]
    public void Rerun_with_the_same_inputs_reuses_every_step()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace App { public class A { } }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver([LiveResponse, AllFeatures]).RunGenerators(compilation);
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        AssertAllReused(second.TrackedSteps);
        Assert.Equal(0, ReEmitted(second));
    }

    [Fact]
    public void Editing_one_spec_re_emits_only_that_specs_files()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace App { public class A { } }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver([LiveResponse, AllFeatures]).RunGenerators(compilation);

        var editedText = new InMemoryAdditionalText(AllFeatures.Path, AllFeatures.GetText()!.ToString().Replace("\"summary\": \"", "\"summary\": \"Edited. ", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(AllFeatures, editedText).RunGenerators(compilation);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();

        var reasons = OutputsOf(run.TrackedSteps, ApiSpecGenerator.Steps.ReadSpecs).Select(o => o.Reason).ToList();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Contains(IncrementalStepRunReason.Cached, reasons);

        var emitReasons = OutputsOf(run.TrackedSteps, ApiSpecGenerator.Steps.EmitInputs)
            .Select(o => (Spec: ((EmitInput)o.Value).Spec?.Name, o.Reason))
            .ToList();
        Assert.Contains(("Machines", IncrementalStepRunReason.Modified), emitReasons);
        Assert.Contains(("LiveResponse", IncrementalStepRunReason.Cached), emitReasons);
    }

    [Fact]
    public void No_step_output_holds_a_compilation_symbol_or_syntax_node()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("namespace App { public class A { } }");
        GeneratorRunResult run = GeneratorHarness.CreateDriver([LiveResponse, AllFeatures]).RunGenerators(compilation).GetRunResult().Results.Single();

        // The generator's own steps (Roslyn's input steps, such as the compilation itself, are not ours to check); each
        // must exist and have outputs, or there is nothing to look into.
        foreach (string name in OurSteps)
        {
            foreach (object value in OutputsOf(run.TrackedSteps, name).Select(o => o.Value))
            {
                AssertNoRoslynObjects(value, name, new HashSet<object>(ReferenceEqualityComparer.Instance), depth: 0);
            }
        }
    }

    private static readonly string[] OurSteps =
    [
        ApiSpecGenerator.Steps.SpecFiles,
        ApiSpecGenerator.Steps.ReadSpecs,
        ApiSpecGenerator.Steps.Identities,
        ApiSpecGenerator.Steps.EmitInputs,
        ApiSpecGenerator.Steps.LanguageVersion,
        ApiSpecGenerator.Steps.ReferencedApis,
    ];

    private static int ReEmitted(GeneratorRunResult run) =>
        run.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(r => r.Outputs).Count(o => o.Reason is not IncrementalStepRunReason.Cached);

    private static void AssertAllReused(ImmutableDictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> steps)
    {
        foreach (string name in OurSteps)
        {
            foreach (var output in OutputsOf(steps, name))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {name} output was {output.Reason}");
            }
        }
    }

    /// <summary>A tracked step's outputs: the step must be tracked and have produced some, or a check over them proves nothing.</summary>
    private static List<(object Value, IncrementalStepRunReason Reason)> OutputsOf(ImmutableDictionary<string, ImmutableArray<IncrementalGeneratorRunStep>> steps, string name)
    {
        Assert.True(steps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> runs), $"step {name} is not tracked (a WithTrackingName removed or renamed?)");
        List<(object Value, IncrementalStepRunReason Reason)> outputs = runs.SelectMany(step => step.Outputs).ToList();
        Assert.True(outputs.Count > 0, $"step {name} is tracked but produced no output");
        return outputs;
    }

    /// <summary>Walks a step output's object graph (records, arrays) and fails on any Roslyn object that would pin a compilation.</summary>
    private static void AssertNoRoslynObjects(object? value, string step, HashSet<object> seen, int depth)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || depth > 20 || !seen.Add(value))
        {
            return;
        }

        Assert.False(value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel, $"step {step} holds a {value.GetType().Name}");
        if (value is Microsoft.CodeAnalysis.Text.SourceText or Microsoft.CodeAnalysis.Text.TextSpan or Microsoft.CodeAnalysis.Text.LinePositionSpan or DiagnosticDescriptor or AdditionalText
            or Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider or Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions)
        {
            return;
        }

        if (value.GetType().GetProperty("IsDefault")?.GetValue(value) is true)
        {
            return;
        }

        if (value is IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, step, seen, depth + 1);
            }

            return;
        }

        foreach (PropertyInfo property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            AssertNoRoslynObjects(property.GetValue(value), step, seen, depth + 1);
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
        {
            AssertNoRoslynObjects(field.GetValue(value), step, seen, depth + 1);
        }
    }
}
