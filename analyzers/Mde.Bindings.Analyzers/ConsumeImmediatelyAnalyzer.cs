using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// MDE1001 and MDE1002: a value of a type marked <c>[ConsumeImmediately]</c> (a short-lived download link), or text
/// taken from it, must be consumed where it is obtained: not stored, captured by a kept lambda, persisted or logged.
/// Projects that do not reference the attribute pay nothing: the analysis stops at compilation start.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConsumeImmediatelyAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableArray<OperationKind> StoreKinds = ImmutableArray.Create(
        OperationKind.SimpleAssignment,
        OperationKind.CompoundAssignment,
        OperationKind.CoalesceAssignment,
        OperationKind.FieldInitializer,
        OperationKind.PropertyInitializer,
        OperationKind.EventAssignment,
        OperationKind.Return,
        OperationKind.Invocation,
        OperationKind.ObjectCreation);

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

            KnownSymbols known = KnownSymbols.Create(start.Compilation);
            var tracker = new LinkValueTracker(linkTypes, known);
            start.RegisterOperationAction(
                operation =>
                {
                    // A link type handles its own state; everything else is checked.
                    if (!linkTypes.IsLinkType(operation.ContainingSymbol.ContainingType))
                    {
                        Analyze(operation, tracker, known);
                    }
                },
                StoreKinds);
        });
    }

    private static void Analyze(OperationAnalysisContext context, LinkValueTracker tracker, KnownSymbols known)
    {
        switch (context.Operation)
        {
            case IAssignmentOperation assignment:
                AnalyzeStore(context, tracker, assignment.Target, assignment.Value);
                break;
            case IFieldInitializerOperation field:
                foreach (IFieldSymbol target in field.InitializedFields)
                {
                    ReportStore(context, tracker, field.Value, (target.IsStatic ? "static field '" : "field '") + target.Name + "'");
                }

                break;
            case IPropertyInitializerOperation property:
                foreach (IPropertySymbol target in property.InitializedProperties)
                {
                    ReportStore(context, tracker, property.Value, (target.IsStatic ? "static property '" : "property '") + target.Name + "'");
                }

                break;
            case IEventAssignmentOperation { Adds: true } subscription:
                if (StorageRoot.Of(subscription.EventReference).IsStorage && tracker.IsCapturingDelegate(subscription.HandlerValue))
                {
                    Report(context, DiagnosticDescriptors.LinkStored, StoreDescription.Stored(subscription.HandlerValue, StoreDescription.OfTarget(subscription.EventReference), "subscribed to"));
                }

                break;
            case IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } returned }:
                AnalyzeReturn(context, tracker, returned);
                break;
            case IInvocationOperation invocation:
                AnalyzeInvocation(context, tracker, known, invocation);
                break;
            case IObjectCreationOperation creation when OutputSink.TryMatch(creation, known, out OutputSink sink):
                foreach (IArgumentOperation argument in creation.Arguments)
                {
                    if (IsReported(tracker.Of(argument.Value), sink.TextOnly))
                    {
                        Report(context, sink.Rule, sink.Description);
                        return;
                    }
                }

                break;
        }
    }

    private static void AnalyzeStore(OperationAnalysisContext context, LinkValueTracker tracker, IOperation target, IOperation value)
    {
        // A write to a local or to the object an initializer builds is not a store: the local or the creation carries
        // the value on, and it is judged where it goes next.
        if (target is ILocalReferenceOperation or IParameterReferenceOperation || !StorageRoot.Of(target).IsStorage)
        {
            return;
        }

        ReportStore(context, tracker, value, StoreDescription.OfTarget(target));
    }

    private static void ReportStore(OperationAnalysisContext context, LinkValueTracker tracker, IOperation value, string place)
    {
        if (tracker.Of(value) != LinkTaint.None)
        {
            // An initializer's operation spans "= value": the value is the storing expression.
            SyntaxNode at = context.Operation is ISymbolInitializerOperation ? value.Syntax : context.Operation.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.LinkStored, at.GetLocation(), StoreDescription.Stored(value, place)));
        }
    }

    private static void AnalyzeReturn(OperationAnalysisContext context, LinkValueTracker tracker, IOperation returned)
    {
        // Returning a link is how helpers hand it on; returning a lambda that holds it keeps it alive for later.
        if (LinkValueTracker.Unwrap(returned)?.Type?.TypeKind != TypeKind.Delegate || tracker.Of(returned) == LinkTaint.None)
        {
            return;
        }

        string from = context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } ? "a lambda" : "'" + context.ContainingSymbol.Name + "'";
        Report(context, DiagnosticDescriptors.LinkStored, StoreDescription.Stored(returned, from, "returned from"));
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, LinkValueTracker tracker, KnownSymbols known, IInvocationOperation invocation)
    {
        if (CollectionStore.TryMatch(invocation, known, out CollectionStore store))
        {
            StorageRoot root = StorageRoot.Of(store.Receiver);
            bool kept = store.IsBuilder ? root.Kind is StorageRootKind.Instance or StorageRootKind.Static : root.IsStorage;
            if (!kept)
            {
                return;
            }

            for (int i = store.FirstValueArgument; i < invocation.Arguments.Length; i++)
            {
                IOperation value = invocation.Arguments[i].Value;
                if (tracker.Of(value) != LinkTaint.None)
                {
                    Report(context, DiagnosticDescriptors.LinkStored, StoreDescription.Stored(value, StoreDescription.OfCollection(store, invocation), "added to"));
                    return;
                }
            }

            return;
        }

        if (!OutputSink.TryMatch(invocation, known, out OutputSink sink))
        {
            return;
        }

        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (IsReported(tracker.Of(argument.Value), sink.TextOnly))
            {
                Report(context, sink.Rule, sink.Description);
                return;
            }
        }
    }

    private static bool IsReported(LinkTaint taint, bool textOnly) => textOnly ? taint == LinkTaint.LinkText : taint != LinkTaint.None;

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor rule, string place) =>
        context.ReportDiagnostic(Diagnostic.Create(rule, context.Operation.Syntax.GetLocation(), place));
}
