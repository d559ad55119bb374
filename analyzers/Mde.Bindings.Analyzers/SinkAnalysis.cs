using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// The per-compilation analysis: at each operation that can move a value somewhere (an assignment, an initializer, a
/// call, a creation, a return), decide whether the destination is a sink, and only then whether the value carries a
/// link. Most operations stop at the first, cheap question. A call to a method of the compilation is judged by what
/// that method does with the link (<see cref="CallSummaries"/>), and reported at the call.
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
    private readonly CallSummaries _summaries;

    public SinkAnalysis(Compilation compilation, LinkTypes linkTypes, KnownSymbols known)
    {
        _linkTypes = linkTypes;
        _known = known;
        _summaries = new CallSummaries(compilation, linkTypes);
        _values = new LinkValueTracker(linkTypes, known, _summaries);
        _summaries.Attach(_values, this);
    }

    /// <summary>The methods of the compilation, summarised on first need: also what decides which declarations are analyzed.</summary>
    public CallSummaries Summaries => _summaries;

    public void Analyze(OperationAnalysisContext context)
    {
        // A link type handles its own state. Checked only when there is something to report, which is rare.
        if (Judge(context.Operation, context.ContainingSymbol) is { } finding && !_linkTypes.IsLinkType(context.ContainingSymbol.ContainingType))
        {
            context.ReportDiagnostic(Diagnostic.Create(finding.Rule, finding.At.GetLocation(), finding.Description));
        }
    }

    /// <summary>Whether <see cref="Judge"/> looks at operations of this kind (for walks outside the analyzer driver: summaries).</summary>
    public static bool IsJudged(OperationKind kind) => OperationKinds.Contains(kind);

    /// <summary>The first way <paramref name="operation"/> (one of <see cref="OperationKinds"/>) takes a link to a sink, if it does.</summary>
    public Finding? Judge(IOperation operation, ISymbol containingSymbol)
    {
        // Switch on the kind (one virtual call), not on interface types (a type check per case).
        switch (operation.Kind)
        {
            case OperationKind.SimpleAssignment:
            case OperationKind.CompoundAssignment:
            case OperationKind.CoalesceAssignment:
                var assignment = (IAssignmentOperation)operation;
                return JudgeStore(operation, assignment.Target, assignment.Value);
            case OperationKind.FieldInitializer:
                var field = (IFieldInitializerOperation)operation;
                return JudgeInitializer(field.Value, field.InitializedFields, "field '");
            case OperationKind.PropertyInitializer:
                var property = (IPropertyInitializerOperation)operation;
                return JudgeInitializer(property.Value, property.InitializedProperties, "property '");
            case OperationKind.EventAssignment:
                var subscription = (IEventAssignmentOperation)operation;
                if (subscription.Adds && TargetOf(StorageRoot.Of(subscription.EventReference)) is { } where && _values.IsCapturingDelegate(subscription.HandlerValue))
                {
                    return new Finding(DiagnosticDescriptors.LinkStored, operation.Syntax,
                        StoreDescription.Stored(subscription.HandlerValue, StoreDescription.OfTarget(subscription.EventReference), "subscribed to"), where.Kind, where.Parameter);
                }

                return null;
            case OperationKind.Return:
                return ((IReturnOperation)operation).ReturnedValue is { } returned ? JudgeReturn(operation, returned, containingSymbol) : null;
            case OperationKind.Invocation:
                return JudgeInvocation((IInvocationOperation)operation);
            case OperationKind.ObjectCreation:
                var creation = (IObjectCreationOperation)operation;
                if (OutputSink.TryMatch(creation, _known, out OutputSink sink))
                {
                    return JudgeArguments(operation, creation.Arguments, sink);
                }

                // The constructor's own writes to the new object travel with it (the creation carries the link on).
                return creation.Constructor is { } constructor ? JudgeCall(operation, constructor, receiver: null, creation.Arguments) : null;
            default:
                return null;
        }
    }

    private Finding? JudgeInitializer<TMember>(IOperation value, ImmutableArray<TMember> targets, string kind)
        where TMember : ISymbol
    {
        if (targets.IsEmpty || _values.Of(value) == LinkTaint.None)
        {
            return null;
        }

        // An initializer's operation spans "= value": the value is the storing expression.
        TMember target = targets[0];
        return new Finding(DiagnosticDescriptors.LinkStored, value.Syntax, StoreDescription.Stored(value, (target.IsStatic ? "static " : string.Empty) + kind + target.Name + "'"));
    }

    private Finding? JudgeStore(IOperation operation, IOperation target, IOperation value)
    {
        // A write to a local or to the object an initializer builds is not a store: the local or the creation carries
        // the value on, and it is judged where it goes next. A write to an out or ref parameter hands the value to the
        // caller, where the call's summary follows it.
        if (target.Kind is OperationKind.LocalReference or OperationKind.ParameterReference || TargetOf(StorageRoot.Of(target)) is not { } where)
        {
            return null;
        }

        return _values.Of(value) != LinkTaint.None
            ? new Finding(DiagnosticDescriptors.LinkStored, operation.Syntax, StoreDescription.Stored(value, StoreDescription.OfTarget(target)), where.Kind, where.Parameter)
            : null;
    }

    private Finding? JudgeReturn(IOperation operation, IOperation returned, ISymbol containingSymbol)
    {
        // Returning a link is how helpers hand it on; returning a lambda that holds it keeps it alive for later.
        if (LinkValueTracker.Unwrap(returned)?.Type?.TypeKind != TypeKind.Delegate || _values.Of(returned) == LinkTaint.None)
        {
            return null;
        }

        string from = containingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } ? "a lambda" : "'" + containingSymbol.Name + "'";
        return new Finding(DiagnosticDescriptors.LinkStored, operation.Syntax, StoreDescription.Stored(returned, from, "returned from"));
    }

    private Finding? JudgeInvocation(IInvocationOperation invocation)
    {
        if (CollectionStore.ReceiverOf(invocation) is { } receiver)
        {
            // Adding to a local collection, or to the one an initializer builds, is not a store: the collection carries
            // the value on. Decided before any type check: it is the common case.
            StorageRoot root = StorageRoot.Of(receiver);
            if (root.Kind is StorageRootKind.Local or StorageRootKind.Initializer)
            {
                return JudgeCall(invocation, invocation.TargetMethod, invocation.Instance, invocation.Arguments);
            }

            if (CollectionStore.TryMatch(invocation, _known, out CollectionStore store))
            {
                return JudgeCollectionStore(invocation, root, store);
            }
        }

        if (OutputSink.TryMatch(invocation, _known, out OutputSink sink))
        {
            return JudgeArguments(invocation, invocation.Arguments, sink);
        }

        return JudgeCall(invocation, invocation.TargetMethod, invocation.Instance, invocation.Arguments);
    }

    private Finding? JudgeCollectionStore(IInvocationOperation invocation, StorageRoot root, CollectionStore store)
    {
        // A text builder stores only when it is kept in a field.
        if (TargetOf(root) is not { } where || (store.IsBuilder && root.Kind is not (StorageRootKind.Instance or StorageRootKind.Static)))
        {
            return null;
        }

        for (int i = store.FirstValueArgument; i < invocation.Arguments.Length; i++)
        {
            IOperation value = invocation.Arguments[i].Value;
            if (_values.Of(value) != LinkTaint.None)
            {
                return new Finding(DiagnosticDescriptors.LinkStored, invocation.Syntax,
                    StoreDescription.Stored(value, StoreDescription.OfCollection(store, invocation), "added to"), where.Kind, where.Parameter);
            }
        }

        return null;
    }

    private Finding? JudgeArguments(IOperation operation, ImmutableArray<IArgumentOperation> arguments, OutputSink sink)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            LinkTaint taint = _values.Of(argument.Value);
            if (sink.TextOnly ? taint == LinkTaint.LinkText : taint != LinkTaint.None)
            {
                return new Finding(sink.Rule, operation.Syntax, sink.Description);
            }
        }

        return null;
    }

    /// <summary>
    /// A call to a method of the compilation: what the method does with each link-carrying argument (its summary), and
    /// where the links it hands back through <c>out</c>/<c>ref</c> arguments go. A parameter typed as a link is left
    /// to the method's own analysis, which reports it there.
    /// </summary>
    private Finding? JudgeCall(IOperation call, IMethodSymbol method, IOperation? receiver, ImmutableArray<IArgumentOperation> arguments)
    {
        if (!_summaries.IsSummarized(method))
        {
            return null;
        }

        foreach (IArgumentOperation argument in arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.RefKind is RefKind.Out or RefKind.Ref)
            {
                IOperation target = argument.Value;
                if (target.Kind is not (OperationKind.LocalReference or OperationKind.ParameterReference or OperationKind.DeclarationExpression)
                    && TargetOf(StorageRoot.Of(target)) is { } where
                    && _summaries.OutOf(method, arguments, parameter) != LinkTaint.None)
                {
                    return new Finding(DiagnosticDescriptors.LinkStored, call.Syntax, "stored in " + StoreDescription.OfTarget(target), where.Kind, where.Parameter, Finding.NameOf(method));
                }

                if (parameter.RefKind == RefKind.Out)
                {
                    continue;
                }
            }

            LinkTaint taint = _values.Of(argument.Value);
            if (taint == LinkTaint.None || _linkTypes.IsLinkType(parameter.Type))
            {
                continue;
            }

            foreach (Finding found in _summaries.Of(method, parameter.Ordinal, taint).Sinks)
            {
                if (TargetAt(found, method, receiver, arguments) is { } kept)
                {
                    return found.ThroughCall(call.Syntax, method, kept.Kind, kept.Parameter);
                }
            }
        }

        return null;
    }

    /// <summary>Where a callee's finding writes, seen from the call: <see langword="null"/> when that is a local object of the caller.</summary>
    private static (SinkTarget Kind, IParameterSymbol? Parameter)? TargetAt(Finding found, IMethodSymbol method, IOperation? receiver, ImmutableArray<IArgumentOperation> arguments)
    {
        switch (found.Target)
        {
            case SinkTarget.Instance:
                // A constructor's writes to its new object, or a method's to a local object, travel with that object; a
                // local function writes to the object of the method around it.
                return receiver is not null ? TargetOf(StorageRoot.Of(receiver))
                    : method.MethodKind == MethodKind.LocalFunction ? (SinkTarget.Instance, null)
                    : null;
            case SinkTarget.Parameter when found.Parameter is { } parameter && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, CallSummaries.Definition(method)):
                foreach (IArgumentOperation argument in arguments)
                {
                    if (argument.Parameter?.Ordinal == parameter.Ordinal)
                    {
                        return TargetOf(StorageRoot.Of(argument.Value));
                    }
                }

                return (SinkTarget.Elsewhere, null);
            default:
                return (SinkTarget.Elsewhere, null);
        }
    }

    /// <summary>Whether a write under <paramref name="root"/> keeps the value beyond the method, and whose storage that is.</summary>
    private static (SinkTarget Kind, IParameterSymbol? Parameter)? TargetOf(StorageRoot root) => root.Kind switch
    {
        StorageRootKind.Local or StorageRootKind.Initializer => null,
        StorageRootKind.Parameter => (SinkTarget.Parameter, root.Parameter),
        StorageRootKind.Instance => (SinkTarget.Instance, null),
        _ => (SinkTarget.Elsewhere, null),
    };
}
