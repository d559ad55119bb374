using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// MDE1001 and MDE1002: a value of a type marked <c>[ConsumeImmediately]</c> (a short-lived download link), or text
/// taken from it, must be consumed where it is obtained: not stored, captured by a kept lambda, persisted or logged.
/// Projects that do not reference the attribute pay nothing: the analysis stops at compilation start.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConsumeImmediatelyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.LinkStored, DiagnosticDescriptors.LinkLogged);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            if (LinkTypes.TryCreate(start.Compilation) is not { } linkTypes)
            {
                return;
            }

            // One analysis per compilation: it keeps the summaries of the compilation's methods, shared by every thread.
            var analysis = new SinkAnalysis(start.Compilation, linkTypes, new KnownSymbols());

            // Every value the rules follow starts at an operation typed as a link, or at a call to a method of the
            // compilation that returns one's text, so a declaration without either has nothing to report: its operations
            // are not visited at all (most declarations, even in a consumer's code).
            start.RegisterOperationBlockStartAction(block =>
            {
                if (linkTypes.IsPresent && OccursIn(block.OperationBlocks, linkTypes, analysis.Summaries))
                {
                    block.RegisterOperationAction(analysis.Analyze, SinkAnalysis.OperationKinds);
                }
            });
        });
    }

    private static bool OccursIn(ImmutableArray<IOperation> blocks, LinkTypes linkTypes, CallSummaries producers)
    {
        foreach (IOperation block in blocks)
        {
            if (linkTypes.OccursIn(block, producers))
            {
                return true;
            }
        }

        return false;
    }
}
