using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// Tells, inside one operation block (a method body, a field initializer…), what a value carries of a link: follows
/// <c>await</c>, conversions, <c>?.</c>, <c>??</c>, locals, the link's <c>Uri</c> and the URI's string forms, string
/// concatenation and interpolation, and containers built from them. Locals are resolved on first need, once per
/// operation block; nothing else is computed ahead. Only blocks where some operation has a link type get here.
/// </summary>
internal sealed class LinkValueTracker
{
    // Deep enough for any expression people write; a generated 5,000-term concatenation must not overflow the stack.
    private const int MaxDepth = 64;

    private readonly LinkTypes _linkTypes;
    private readonly KnownSymbols _known;

    // The locals of the operation block each thread analyzes now. The analyzer driver runs a block's actions one after
    // another, normally on one thread, so one entry per thread is almost always a hit (a miss only resolves again).
    // It belongs to this compilation's analysis and goes with it.
    private readonly ThreadLocal<BlockLocals?> _current = new();

    public LinkValueTracker(LinkTypes linkTypes, KnownSymbols known)
    {
        _linkTypes = linkTypes;
        _known = known;
    }

    public LinkTaint Of(IOperation? value) => Of(value, 0);

    /// <summary>Whether a delegate value (a lambda or a local function) captures a link or its text from the enclosing code.</summary>
    public bool IsCapturingDelegate(IOperation? value)
    {
        IOperation? unwrapped = Unwrap(value);
        return unwrapped is IDelegateCreationOperation creation && Captures(creation, 0);
    }

    public static IOperation? Unwrap(IOperation? value)
    {
        while (value?.Kind == OperationKind.Conversion)
        {
            value = ((IConversionOperation)value).Operand;
        }

        return value;
    }

    private LinkTaint Of(IOperation? value, int depth)
    {
        if (value is null || depth > MaxDepth)
        {
            return LinkTaint.None;
        }

        if (_linkTypes.IsLinkType(value.Type))
        {
            return LinkTaint.LinkObject;
        }

        depth++;

        // Switch on the kind (one virtual call), not on interface types (a type check per case): this runs per value.
        switch (value.Kind)
        {
            case OperationKind.Conversion:
                return Of(((IConversionOperation)value).Operand, depth);
            case OperationKind.LocalReference:
                return OfLocal((ILocalReferenceOperation)value);
            case OperationKind.PropertyReference:
                var property = (IPropertyReferenceOperation)value;
                return property.Property.IsIndexer ? Of(property.Instance, depth) : OfMember(property.Instance, property.Property.Name, property.Type, depth);
            case OperationKind.FieldReference:
                var field = (IFieldReferenceOperation)value;
                return OfMember(field.Instance, field.Field.Name, field.Type, depth);
            case OperationKind.ArrayElementReference:
                return Of(((IArrayElementReferenceOperation)value).ArrayReference, depth);
            case OperationKind.Invocation:
                return OfInvocation((IInvocationOperation)value, depth);
            case OperationKind.Binary:
                var binary = (IBinaryOperation)value;
                return binary.OperatorKind == BinaryOperatorKind.Add && binary.Type?.SpecialType == SpecialType.System_String
                    ? Text(Max(Of(binary.LeftOperand, depth), Of(binary.RightOperand, depth)))
                    : LinkTaint.None;
            case OperationKind.InterpolatedStringHandlerCreation:
                return Of(((IInterpolatedStringHandlerCreationOperation)value).Content, depth);
            case OperationKind.InterpolatedString:
                return OfInterpolation((IInterpolatedStringOperation)value, depth);
            case OperationKind.ConditionalAccess:
                return Of(((IConditionalAccessOperation)value).WhenNotNull, depth);
            case OperationKind.ConditionalAccessInstance:
                return Of(ConditionalAccess.ReceiverOf((IConditionalAccessInstanceOperation)value), depth);
            case OperationKind.Coalesce:
                var coalesce = (ICoalesceOperation)value;
                return Max(Of(coalesce.Value, depth), Of(coalesce.WhenNull, depth));
            case OperationKind.Conditional:
                var conditional = (IConditionalOperation)value;
                return conditional.WhenFalse is null ? LinkTaint.None : Max(Of(conditional.WhenTrue, depth), Of(conditional.WhenFalse, depth));
            case OperationKind.SimpleAssignment:
                return Of(((ISimpleAssignmentOperation)value).Value, depth);
            case OperationKind.ObjectCreation:
                return OfCreation((IObjectCreationOperation)value, depth);
            case OperationKind.AnonymousObjectCreation:
                return OfAll(((IAnonymousObjectCreationOperation)value).Initializers, depth);
            case OperationKind.Tuple:
                return OfAll(((ITupleOperation)value).Elements, depth);
            case OperationKind.ArrayCreation:
                IArrayInitializerOperation? elements = ((IArrayCreationOperation)value).Initializer;
                return elements is null ? LinkTaint.None : OfAll(elements.ElementValues, depth);
            case OperationKind.ArrayInitializer:
                return OfAll(((IArrayInitializerOperation)value).ElementValues, depth);
            case OperationKind.CollectionExpression:
                return OfAll(((ICollectionExpressionOperation)value).Elements, depth);
            case OperationKind.Spread:
                return Of(((ISpreadOperation)value).Operand, depth);
            case OperationKind.With:
                var with = (IWithOperation)value;
                return Max(Of(with.Operand, depth), Of(with.Initializer, depth));
            case OperationKind.ObjectOrCollectionInitializer:
                return OfInitializer((IObjectOrCollectionInitializerOperation)value, depth);
            case OperationKind.MemberInitializer:
                return Of(((IMemberInitializerOperation)value).Initializer, depth);
            case OperationKind.DelegateCreation:
                return Captures((IDelegateCreationOperation)value, depth) ? LinkTaint.LinkObject : LinkTaint.None;
            default:
                return LinkTaint.None;
        }
    }

    /// <summary>A member read: the link's text members are its secret; of a URI, only the forms that include the query are.</summary>
    private LinkTaint OfMember(IOperation? instance, string name, ITypeSymbol? type, int depth)
    {
        if (instance is null || !_known.IsLinkText(type))
        {
            return LinkTaint.None;
        }

        if (_linkTypes.IsLinkType(instance.Type))
        {
            return LinkTaint.LinkText;
        }

        if (_known.IsUri(instance.Type) && name is "AbsoluteUri" or "OriginalString" or "Query" or "PathAndQuery" or "UserInfo")
        {
            return Text(Of(instance, depth));
        }

        return LinkTaint.None;
    }

    private LinkTaint OfInvocation(IInvocationOperation invocation, int depth)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (invocation.Instance is { } instance)
        {
            // ToString of the link itself is redacted; of its URI (or of text or a container holding the text) it is the secret.
            if (method.Name == "ToString" && invocation.Arguments.IsEmpty)
            {
                return Text(Of(instance, depth)) == LinkTaint.LinkText && !_linkTypes.IsLinkType(instance.Type) ? LinkTaint.LinkText : LinkTaint.None;
            }

            // Trim, Substring, Replace… of the link's text is still its text.
            if (instance.Type?.SpecialType == SpecialType.System_String && method.ReturnType.SpecialType == SpecialType.System_String)
            {
                return Of(instance, depth) == LinkTaint.LinkText ? LinkTaint.LinkText : LinkTaint.None;
            }

            return LinkTaint.None;
        }

        // string.Concat, string.Format, string.Join: text built from the link's text.
        if (method.IsStatic && method.ContainingType.SpecialType == SpecialType.System_String && method.ReturnType.SpecialType == SpecialType.System_String)
        {
            LinkTaint result = LinkTaint.None;
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                result = Max(result, Of(argument.Value, depth));
            }

            return Text(result);
        }

        return LinkTaint.None;
    }

    private LinkTaint OfInterpolation(IInterpolatedStringOperation interpolated, int depth)
    {
        LinkTaint result = LinkTaint.None;
        foreach (IInterpolatedStringContentOperation part in interpolated.Parts)
        {
            switch (part.Kind)
            {
                case OperationKind.Interpolation:
                    result = Max(result, Of(((IInterpolationOperation)part).Expression, depth));
                    break;
                case OperationKind.InterpolatedStringAppendFormatted:
                    if (((IInterpolatedStringAppendOperation)part).AppendCall is IInvocationOperation append)
                    {
                        foreach (IArgumentOperation argument in append.Arguments)
                        {
                            result = Max(result, Of(argument.Value, depth));
                        }
                    }

                    break;
            }
        }

        return Text(result);
    }

    private LinkTaint OfCreation(IObjectCreationOperation creation, int depth)
    {
        LinkTaint result = Of(creation.Initializer, depth);
        foreach (IArgumentOperation argument in creation.Arguments)
        {
            result = Max(result, Of(argument.Value, depth));
        }

        // An exception is judged where it is created (MDE1002); a request message is how a link is consumed.
        // Checked last: most creations carry nothing and need no type check.
        if (result != LinkTaint.None
            && (KnownSymbols.DerivesFrom(creation.Type, _known.Exception) || KnownSymbols.Is(creation.Type, _known.HttpRequestMessage)))
        {
            return LinkTaint.None;
        }

        return result;
    }

    private LinkTaint OfInitializer(IObjectOrCollectionInitializerOperation initializer, int depth)
    {
        LinkTaint result = LinkTaint.None;
        foreach (IOperation member in initializer.Initializers)
        {
            if (member is IInvocationOperation add)
            {
                // A collection initializer's element: { link.Uri } calls Add on the new collection.
                foreach (IArgumentOperation argument in add.Arguments)
                {
                    result = Max(result, Of(argument.Value, depth));
                }
            }
            else
            {
                result = Max(result, Of(member, depth));
            }
        }

        return result;
    }

    private LinkTaint OfAll(ImmutableArray<IOperation> values, int depth)
    {
        LinkTaint result = LinkTaint.None;
        foreach (IOperation value in values)
        {
            result = Max(result, Of(value, depth));
            if (result == LinkTaint.LinkText)
            {
                break;
            }
        }

        return result;
    }

    private LinkTaint OfLocal(ILocalReferenceOperation reference)
    {
        BlockLocals locals = LocalsOf(reference);
        return locals.Taints is not null && locals.Taints.TryGetValue(reference.Local, out LinkTaint taint) ? taint : LinkTaint.None;
    }

    private BlockLocals LocalsOf(IOperation operation)
    {
        IOperation root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        if (_current.Value is { } current && ReferenceEquals(current.Root, root))
        {
            return current; // also what reads during Resolve see: the partial answer, never a second resolution
        }

        var locals = new BlockLocals(root);
        _current.Value = locals;
        Resolve(root, locals);

        return locals;
    }

    /// <summary>
    /// Collects every write to a local of the block (declarations, assignments, members and elements of a local
    /// object, collection adds on a local, foreach variables), then propagates to a fixed point.
    /// </summary>
    private void Resolve(IOperation root, BlockLocals locals)
    {
        List<(ILocalSymbol Local, IOperation Value)>? writes = null;

        OperationStack pending = OperationStack.Rent();
        try
        {
            pending.Push(root);
            while (pending.TryPop(out IOperation operation))
            {
                CollectWrite(operation, locals, ref writes);
                pending.PushChildren(operation);
            }
        }
        finally
        {
            pending.Return();
        }

        bool changed = writes is not null;
        while (changed)
        {
            changed = false;
            foreach ((ILocalSymbol local, IOperation value) in writes!)
            {
                LinkTaint current = LinkTaint.None;
                locals.Taints?.TryGetValue(local, out current);
                if (current == LinkTaint.LinkText)
                {
                    continue;
                }

                LinkTaint taint = Max(current, Of(value, 0));
                if (taint != current)
                {
                    (locals.Taints ??= new Dictionary<ILocalSymbol, LinkTaint>(SymbolEqualityComparer.Default))[local] = taint;
                    changed = true;
                }
            }
        }
    }

    // One kind switch per operation of the block.
    private void CollectWrite(IOperation operation, BlockLocals locals, ref List<(ILocalSymbol Local, IOperation Value)>? writes)
    {
        switch (operation.Kind)
        {
            case OperationKind.VariableDeclarator:
                var declarator = (IVariableDeclaratorOperation)operation;
                IOperation? initializer = declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                AddWrite(ref writes, declarator.Symbol, initializer);
                break;
            case OperationKind.SimpleAssignment:
            case OperationKind.CompoundAssignment:
            case OperationKind.CoalesceAssignment:
                var assignment = (IAssignmentOperation)operation;
                if (StorageRoot.Of(assignment.Target) is { Kind: StorageRootKind.Local, Local: { } target })
                {
                    AddWrite(ref writes, target, assignment.Value);
                }

                break;
            case OperationKind.Invocation:
                var invocation = (IInvocationOperation)operation;
                if (CollectionStore.ReceiverOf(invocation) is { } receiver
                    && StorageRoot.Of(receiver) is { Kind: StorageRootKind.Local, Local: { } collection }
                    && CollectionStore.TryMatch(invocation, _known, out CollectionStore store))
                {
                    for (int i = store.FirstValueArgument; i < invocation.Arguments.Length; i++)
                    {
                        AddWrite(ref writes, collection, invocation.Arguments[i].Value);
                    }
                }

                break;
            case OperationKind.Loop when operation is IForEachLoopOperation loop:
                foreach (ILocalSymbol variable in loop.Locals)
                {
                    AddWrite(ref writes, variable, loop.Collection);
                }

                break;
            case OperationKind.LocalFunction:
                var localFunction = (ILocalFunctionOperation)operation;
                (locals.LocalFunctions ??= new Dictionary<IMethodSymbol, ILocalFunctionOperation>(SymbolEqualityComparer.Default))[localFunction.Symbol] = localFunction;
                break;
        }
    }

    private void AddWrite(ref List<(ILocalSymbol, IOperation)>? writes, ILocalSymbol local, IOperation? value)
    {
        // Numbers, booleans, dates and the link type itself (known by its type) need no tracking.
        if (value is null || IsPlainValue(local.Type) || _linkTypes.IsLinkType(local.Type))
        {
            return;
        }

        (writes ??= new List<(ILocalSymbol, IOperation)>()).Add((local, value));
    }

    private static bool IsPlainValue(ITypeSymbol type) =>
        type.SpecialType is not (SpecialType.None or SpecialType.System_String or SpecialType.System_Object or SpecialType.System_Array or SpecialType.System_Collections_IEnumerable)
        || type.TypeKind == TypeKind.Enum;

    private bool Captures(IDelegateCreationOperation creation, int depth)
    {
        switch (creation.Target)
        {
            case IAnonymousFunctionOperation lambda:
                return Captures(lambda.Body, lambda.Symbol, depth);
            case IMethodReferenceOperation { Method: { MethodKind: MethodKind.LocalFunction } method } reference:
                Dictionary<IMethodSymbol, ILocalFunctionOperation>? functions = LocalsOf(reference).LocalFunctions;
                return functions is not null
                    && functions.TryGetValue(method.OriginalDefinition, out ILocalFunctionOperation? function)
                    && Captures((IOperation?)function.Body ?? function.IgnoredBody, function.Symbol, depth);
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="body"/> reads a link-carrying local or parameter declared outside <paramref name="owner"/>.</summary>
    private bool Captures(IOperation? body, IMethodSymbol owner, int depth)
    {
        if (body is null)
        {
            return false;
        }

        foreach (IOperation operation in body.Descendants())
        {
            switch (operation)
            {
                case ILocalReferenceOperation local when !IsDeclaredWithin(local.Local.ContainingSymbol, owner):
                    if (Of(local, depth) != LinkTaint.None)
                    {
                        return true;
                    }

                    break;
                case IParameterReferenceOperation parameter when !IsDeclaredWithin(parameter.Parameter.ContainingSymbol, owner):
                    if (_linkTypes.IsLinkType(parameter.Type))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    private static bool IsDeclaredWithin(ISymbol? container, IMethodSymbol owner)
    {
        for (ISymbol? current = container; current is IMethodSymbol; current = current.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(current, owner))
            {
                return true;
            }
        }

        return false;
    }

    private static LinkTaint Max(LinkTaint a, LinkTaint b) => a >= b ? a : b;

    /// <summary>Text built from values: the link object formats as its redacted description, only the link's text stays secret.</summary>
    private static LinkTaint Text(LinkTaint parts) => parts == LinkTaint.LinkText ? LinkTaint.LinkText : LinkTaint.None;

    /// <summary>What the locals of one operation block carry, and its local functions (for captures).</summary>
    private sealed class BlockLocals
    {
        public BlockLocals(IOperation root) => Root = root;

        public IOperation Root { get; }

        /// <summary>The locals that carry something of a link; <see langword="null"/> in the usual block, where none does.</summary>
        public Dictionary<ILocalSymbol, LinkTaint>? Taints { get; set; }

        public Dictionary<IMethodSymbol, ILocalFunctionOperation>? LocalFunctions { get; set; }
    }
}
