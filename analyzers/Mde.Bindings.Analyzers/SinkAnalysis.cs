using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// The per-compilation analysis: at each operation that can move a value somewhere (an assignment, an initializer, a
/// call, a creation, a return), decide whether the destination is a sink, and only then whether the value carries a
/// link. Most operations stop at the first, cheap question.
/// </summary>
internal sealed class SinkAnalysis
{
    public static readonly ImmutableArray<OperationKind> OperationKinds = ImmutableArray.Create(
        OperationKind.SimpleAssignment,
        OperationKind.CompoundAssignment,
        OperationKind.CoalesceAssignment,
        OperationKind.FieldInitializer,
        OperationKind.PropertyInitializer,
        OperationKind.EventAssignment,
        OperationKind.Return,
        OperationKind.Invocation,
        OperationKind.ObjectCreation);

    private readonly LinkTypes _linkTypes;
    private readonly KnownSymbols _known;
    private readonly LinkValueTracker _values;

    public SinkAnalysis(LinkTypes linkTypes, KnownSymbols known)
    {
        _linkTypes = linkTypes;
        _known = known;
        _values = new LinkValueTracker(linkTypes, known);
    }

    public void Analyze(OperationAnalysisContext context)
    {
        // Switch on the kind (one virtual call), not on interface types (a type check per case).
        IOperation operation = context.Operation;
        switch (operation.Kind)
        {
            case OperationKind.SimpleAssignment:
            case OperationKind.CompoundAssignment:
            case OperationKind.CoalesceAssignment:
                var assignment = (IAssignmentOperation)operation;
                AnalyzeStore(context, assignment.Target, assignment.Value);
                break;
            case OperationKind.FieldInitializer:
                var field = (IFieldInitializerOperation)operation;
                AnalyzeInitializer(context, field.Value, field.InitializedFields, "field '");
                break;
            case OperationKind.PropertyInitializer:
                var property = (IPropertyInitializerOperation)operation;
                AnalyzeInitializer(context, property.Value, property.InitializedProperties, "property '");
                break;
            case OperationKind.EventAssignment:
                var subscription = (IEventAssignmentOperation)operation;
                if (subscription.Adds && StorageRoot.Of(subscription.EventReference).IsStorage && _values.IsCapturingDelegate(subscription.HandlerValue))
                {
                    Report(context, DiagnosticDescriptors.LinkStored, operation.Syntax,
                        StoreDescription.Stored(subscription.HandlerValue, StoreDescription.OfTarget(subscription.EventReference), "subscribed to"));
                }

                break;
            case OperationKind.Return:
                if (((IReturnOperation)operation).ReturnedValue is { } returned)
                {
                    AnalyzeReturn(context, returned);
                }

                break;
            case OperationKind.Invocation:
                AnalyzeInvocation(context, (IInvocationOperation)operation);
                break;
            case OperationKind.ObjectCreation:
                var creation = (IObjectCreationOperation)operation;
                if (OutputSink.TryMatch(creation, _known, out OutputSink sink))
                {
                    AnalyzeArguments(context, creation.Arguments, sink);
                }

                break;
        }
    }

    private void AnalyzeInitializer<TMember>(OperationAnalysisContext context, IOperation value, ImmutableArray<TMember> targets, string kind)
        where TMember : ISymbol
    {
        if (_values.Of(value) == LinkTaint.None)
        {
            return;
        }

        foreach (TMember target in targets)
        {
            ReportStore(context, value, (target.IsStatic ? "static " : string.Empty) + kind + target.Name + "'");
        }
    }

    private void AnalyzeStore(OperationAnalysisContext context, IOperation target, IOperation value)
    {
        // A write to a local or to the object an initializer builds is not a store: the local or the creation carries
        // the value on, and it is judged where it goes next.
        if (target.Kind is OperationKind.LocalReference or OperationKind.ParameterReference || !StorageRoot.Of(target).IsStorage)
        {
            return;
        }

        if (_values.Of(value) != LinkTaint.None)
        {
            Report(context, DiagnosticDescriptors.LinkStored, context.Operation.Syntax, StoreDescription.Stored(value, StoreDescription.OfTarget(target)));
        }
    }

    // An initializer's operation spans "= value": the value is the storing expression.
    private void ReportStore(OperationAnalysisContext context, IOperation value, string place) =>
        Report(context, DiagnosticDescriptors.LinkStored, value.Syntax, StoreDescription.Stored(value, place));

    private void AnalyzeReturn(OperationAnalysisContext context, IOperation returned)
    {
        // Returning a link is how helpers hand it on; returning a lambda that holds it keeps it alive for later.
        if (LinkValueTracker.Unwrap(returned)?.Type?.TypeKind != TypeKind.Delegate || _values.Of(returned) == LinkTaint.None)
        {
            return;
        }

        string from = context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } ? "a lambda" : "'" + context.ContainingSymbol.Name + "'";
        Report(context, DiagnosticDescriptors.LinkStored, context.Operation.Syntax, StoreDescription.Stored(returned, from, "returned from"));
    }

    private void AnalyzeInvocation(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        if (CollectionStore.ReceiverOf(invocation) is { } receiver)
        {
            // Adding to a local collection, or to the one an initializer builds, is not a store: the collection carries
            // the value on. Decided before any type check: it is the common case.
            StorageRoot root = StorageRoot.Of(receiver);
            if (root.Kind is StorageRootKind.Local or StorageRootKind.Initializer || !CollectionStore.TryMatch(invocation, _known, out CollectionStore store))
            {
                return;
            }

            if (store.IsBuilder && root.Kind is not (StorageRootKind.Instance or StorageRootKind.Static))
            {
                return;
            }

            for (int i = store.FirstValueArgument; i < invocation.Arguments.Length; i++)
            {
                IOperation value = invocation.Arguments[i].Value;
                if (_values.Of(value) != LinkTaint.None)
                {
                    Report(context, DiagnosticDescriptors.LinkStored, context.Operation.Syntax,
                        StoreDescription.Stored(value, StoreDescription.OfCollection(store, invocation), "added to"));
                    return;
                }
            }

            return;
        }

        if (OutputSink.TryMatch(invocation, _known, out OutputSink sink))
        {
            AnalyzeArguments(context, invocation.Arguments, sink);
        }
    }

    private void AnalyzeArguments(OperationAnalysisContext context, ImmutableArray<IArgumentOperation> arguments, OutputSink sink)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            LinkTaint taint = _values.Of(argument.Value);
            if (sink.TextOnly ? taint == LinkTaint.LinkText : taint != LinkTaint.None)
            {
                Report(context, sink.Rule, context.Operation.Syntax, sink.Description);
                return;
            }
        }
    }

    private void Report(OperationAnalysisContext context, DiagnosticDescriptor rule, SyntaxNode at, string place)
    {
        // A link type handles its own state. Checked only when there is something to report, which is rare.
        if (!_linkTypes.IsLinkType(context.ContainingSymbol.ContainingType))
        {
            context.ReportDiagnostic(Diagnostic.Create(rule, at.GetLocation(), place));
        }
    }
}
