using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// Tells, inside one operation block (a method body, a field initializer…), what a value carries of a link: follows
/// <c>await</c>, conversions, <c>?.</c>, <c>??</c>, locals, <c>out</c>/<c>ref</c> arguments, the link's <c>Uri</c> and
/// the URI's string forms, string concatenation and interpolation, containers built from them, LINQ operators over
/// them, and what the methods of the compilation return (<see cref="CallSummaries"/>). Locals are resolved on first
/// need, once per operation block; nothing else is computed ahead. Only blocks where some operation has a link type,
/// or calls a method of the compilation that makes one, get here.
/// </summary>
internal sealed class LinkValueTracker
{
    // Deep enough for any expression people write; a generated 5,000-term concatenation must not overflow the stack.
    private const int MaxDepth = 64;

    private readonly LinkTypes _linkTypes;
    private readonly KnownSymbols _known;
    private readonly CallSummaries _summaries;

    // The locals of the operation block each thread analyzes now. The analyzer driver runs a block's actions one after
    // another, normally on one thread, so one entry per thread is almost always a hit (a miss only resolves again). A
    // summary puts the flow of the method it summarises here while it runs (Within), then restores the caller's.
    // It belongs to this compilation's analysis and goes with it.
    private readonly ThreadLocal<LinkFlow?> _current = new();

    public LinkValueTracker(LinkTypes linkTypes, KnownSymbols known, CallSummaries summaries)
    {
        _linkTypes = linkTypes;
        _known = known;
        _summaries = summaries;
    }

    public LinkTaint Of(IOperation? value) => Of(value, 0);

    /// <summary>Runs <paramref name="evaluate"/> with <paramref name="flow"/> as the flow of its block (resolved on first use), then restores the current one.</summary>
    public T Within<T>(LinkFlow flow, Func<T> evaluate)
    {
        LinkFlow? saved = _current.Value;
        _current.Value = flow;
        try
        {
            if (!flow.IsResolved)
            {
                flow.IsResolved = true;
                Resolve(flow.Root, flow);
            }

            return evaluate();
        }
        finally
        {
            _current.Value = saved;
        }
    }

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
            // Null and default are no link, whatever their type: a field declared `= null!`, or cleared after use, keeps nothing.
            return value.ConstantValue is { HasValue: true, Value: null } || Unwrap(value)?.Kind == OperationKind.DefaultValue ? LinkTaint.None : LinkTaint.LinkObject;
        }

        depth++;

        // Switch on the kind (one virtual call), not on interface types (a type check per case): this runs per value.
        switch (value.Kind)
        {
            case OperationKind.Conversion:
                return Of(((IConversionOperation)value).Operand, depth);
            case OperationKind.LocalReference:
                var local = (ILocalReferenceOperation)value;
                return LocalsOf(local).TaintOf(local.Local);
            case OperationKind.ParameterReference:
                return OfParameter((IParameterReferenceOperation)value, depth);
            case OperationKind.Argument:
                // Only as a write of an out or ref argument (see CollectWrite): what the called method hands back through it.
                var argument = (IArgumentOperation)value;
                return argument.Parent is IInvocationOperation call && argument.Parameter is { } parameter ? _summaries.OutOf(call.TargetMethod, call.Arguments, parameter) : LinkTaint.None;
            case OperationKind.Await:
                return Of(((IAwaitOperation)value).Operation, depth);
            case OperationKind.PropertyReference:
                var property = (IPropertyReferenceOperation)value;
                return property.Property.IsIndexer || (property.Property.Name == "Result" && IsTaskType(property.Instance?.Type))
                    ? Of(property.Instance, depth)
                    : OfMember(property.Instance, property.Property.Name, property.Type, depth);
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
        if (instance is null)
        {
            return LinkTaint.None;
        }

        if (!_known.IsLinkText(type))
        {
            // A link type's collections of link text (an export's list of links) are its secret as well.
            // The element type first: asking whether `this` is a link type reads the attributes of the code's own class.
            return type?.TypeKind is TypeKind.Array or TypeKind.Interface or TypeKind.Class && _known.IsLinkText(ElementOf(type)) && _linkTypes.IsLinkType(instance.Type)
                ? LinkTaint.LinkText
                : LinkTaint.None;
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

    /// <summary>The element type of an array or of a generic <c>IEnumerable&lt;T&gt;</c>, or null.</summary>
    private ITypeSymbol? ElementOf(ITypeSymbol? type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        // Every IEnumerable<T> is an IEnumerable, which is answered once per definition: most member reads are of a
        // client, a logger or a response, and asking for a type's interfaces builds a new list each time.
        if (type is not INamedTypeSymbol named || !_known.IsCollection(named))
        {
            return null;
        }

        if (named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
        {
            return named.TypeArguments[0];
        }

        foreach (INamedTypeSymbol contract in named.AllInterfaces)
        {
            if (contract.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return contract.TypeArguments[0];
            }
        }

        return null;
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

            // await GetTextAsync().ConfigureAwait(false), GetTextAsync().GetAwaiter().GetResult(): the task's result is judged.
            if (method.Name is "ConfigureAwait" or "GetAwaiter" or "GetResult" && IsTaskType(instance.Type))
            {
                return Of(instance, depth);
            }

            return _summaries.ReturnOf(method, invocation.Arguments);
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

        if (method.IsExtensionMethod && KnownSymbols.Is(method.ContainingType, _known.Enumerable))
        {
            return OfQuery(invocation, depth);
        }

        // Redaction.Redact keeps a relative URI's text as it is (no query to hide), which a summary cannot tell apart.
        return KnownSymbols.Is(method.ContainingType, _known.Redaction) ? LinkTaint.None : _summaries.ReturnOf(method, invocation.Arguments);
    }

    /// <summary>
    /// A LINQ operator carries its source on, as a collection does (<c>Where</c>, <c>OrderBy</c>, <c>ToList</c>,
    /// <c>First</c>, <c>Concat</c>…); a projection carries what its selector returns (<c>Select</c>), each element
    /// reaching the selector's parameter. Numbers and booleans (<c>Count</c>, <c>Any</c>) carry nothing.
    /// </summary>
    private LinkTaint OfQuery(IInvocationOperation invocation, int depth)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (!CanCarry(method.ReturnType))
        {
            return LinkTaint.None;
        }

        bool selectorOnly = IsProjection(method.Name);
        bool selectorCounts = selectorOnly || method.Name is "ToDictionary" or "ToLookup" or "GroupBy" or "Zip" or "Aggregate" or "Join" or "GroupJoin";
        LinkTaint result = LinkTaint.None;
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (Unwrap(argument.Value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation selector })
            {
                // A predicate or a sort key decides which elements pass; only a selector's result is in the output.
                if (selectorCounts)
                {
                    result = Max(result, ReturnedBy(selector.Body, depth));
                }
            }
            else if (!selectorOnly || argument.Parameter?.Ordinal != 0)
            {
                result = Max(result, Of(argument.Value, depth));
            }
        }

        return result;
    }

    private static bool IsProjection(string name) => name is "Select" or "SelectMany" or "Max" or "Min" or "Sum" or "Average";

    /// <summary>
    /// A lambda's parameter: an element of the LINQ source it is handed (the first sequence, or the second for the
    /// second parameter of <c>Zip</c> and <c>Join</c>). A lambda handed to any other method learns nothing here.
    /// </summary>
    private LinkTaint OfLambdaParameter(IParameterReferenceOperation reference, int depth)
    {
        IParameterSymbol parameter = reference.Parameter;
        IOperation? current = reference.Parent;
        while (current is not null && !(current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, parameter.ContainingSymbol)))
        {
            current = current.Parent;
        }

        IOperation? argument = current?.Parent;
        while (argument is not null && argument.Kind is OperationKind.DelegateCreation or OperationKind.Conversion)
        {
            argument = argument.Parent;
        }

        if (argument?.Parent is not IInvocationOperation { TargetMethod: { IsExtensionMethod: true } method } query
            || !KnownSymbols.Is(method.ContainingType, _known.Enumerable) || query.Arguments.IsEmpty)
        {
            return LinkTaint.None;
        }

        int source = parameter.Ordinal == 0 || method.Name is "Aggregate" ? 0 : parameter.Ordinal == 1 && method.Name is "Zip" or "Join" or "GroupJoin" ? 1 : -1;
        return source >= 0 && source < query.Arguments.Length ? Of(query.Arguments[source].Value, depth) : LinkTaint.None;
    }

    /// <summary>What the code of a method or lambda returns (or yields), not counting the functions nested in it.</summary>
    public LinkTaint ReturnedBy(IOperation? body) => ReturnedBy(body, 0);

    private LinkTaint ReturnedBy(IOperation? body, int depth)
    {
        if (body is null)
        {
            return LinkTaint.None;
        }

        LinkTaint result = LinkTaint.None;
        OperationStack pending = OperationStack.Rent();
        try
        {
            pending.PushChildren(body);
            while (pending.TryPop(out IOperation operation) && result != LinkTaint.LinkText)
            {
                switch (operation.Kind)
                {
                    case OperationKind.AnonymousFunction:
                    case OperationKind.LocalFunction:
                        continue;
                    case OperationKind.Return:
                    case OperationKind.YieldReturn:
                        result = Max(result, Of(((IReturnOperation)operation).ReturnedValue, depth));
                        continue;
                }

                pending.PushChildren(operation);
            }
        }
        finally
        {
            pending.Return();
        }

        return result;
    }

    /// <summary>A task, or what awaits one: System.Threading.Tasks and System.Runtime.CompilerServices (awaiters, configured awaitables).</summary>
    private static bool IsTaskType(ITypeSymbol? type) => type?.ContainingNamespace is { Name: "Tasks" or "CompilerServices", ContainingNamespace.Name: "Threading" or "Runtime" };

    /// <summary>Whether a value of this type can hold a link or its text (a <c>Task&lt;T&gt;</c> when its T can): not a number, a boolean, an enum or void.</summary>
    public static bool CanCarry(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks" } } task)
        {
            return task.IsGenericType && CanCarry(task.TypeArguments[0]);
        }

        return !type.IsStatic && type.SpecialType != SpecialType.System_Void && !IsPlainValue(type);
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

    /// <summary>
    /// A parameter: the seed of the summary being computed, an <c>out</c>/<c>ref</c> parameter written in the block, or a
    /// LINQ selector's parameter. Any other parameter carries what its type says (a link or nothing).
    /// </summary>
    private LinkTaint OfParameter(IParameterReferenceOperation reference, int depth)
    {
        IParameterSymbol parameter = reference.Parameter;
        if (_current.Value is { Seed: { } seed } flow && SymbolEqualityComparer.Default.Equals(seed, parameter))
        {
            return flow.SeedTaint;
        }

        if (parameter.RefKind is RefKind.Out or RefKind.Ref)
        {
            return LocalsOf(reference).TaintOf(parameter);
        }

        return parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } ? OfLambdaParameter(reference, depth) : LinkTaint.None;
    }

    private LinkFlow LocalsOf(IOperation operation)
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

        var locals = new LinkFlow(root) { IsResolved = true };
        _current.Value = locals;
        Resolve(root, locals);

        return locals;
    }

    /// <summary>
    /// Collects every write to a local of the block (declarations, assignments, members and elements of a local
    /// object, collection adds on a local, foreach variables, out and ref arguments) and to its out and ref
    /// parameters, then propagates to a fixed point.
    /// </summary>
    private void Resolve(IOperation root, LinkFlow locals)
    {
        List<(ISymbol Variable, IOperation Value)>? writes = null;

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
            foreach ((ISymbol variable, IOperation value) in writes!)
            {
                LinkTaint current = locals.TaintOf(variable);
                if (current == LinkTaint.LinkText)
                {
                    continue;
                }

                LinkTaint taint = Max(current, Of(value, 0));
                if (taint != current)
                {
                    (locals.Taints ??= new Dictionary<ISymbol, LinkTaint>(SymbolEqualityComparer.Default))[variable] = taint;
                    changed = true;
                }
            }
        }
    }

    // One kind switch per operation of the block.
    private void CollectWrite(IOperation operation, LinkFlow locals, ref List<(ISymbol Variable, IOperation Value)>? writes)
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
                else if (assignment.Target is IParameterReferenceOperation { Parameter: { RefKind: RefKind.Out or RefKind.Ref } parameter })
                {
                    AddWrite(ref writes, parameter, assignment.Value);
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

                CollectOutArguments(invocation, ref writes);
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

    /// <summary>An out or ref argument of a call to a method of the compilation writes what the method hands back (see <see cref="OperationKind.Argument"/> in Of).</summary>
    private void CollectOutArguments(IInvocationOperation invocation, ref List<(ISymbol Variable, IOperation Value)>? writes)
    {
        foreach (IArgumentOperation argument in invocation.Arguments)
        {
            if (argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref && _summaries.IsSummarized(invocation.TargetMethod))
            {
                IOperation target = argument.Value is IDeclarationExpressionOperation declaration ? declaration.Expression : argument.Value;
                switch (target)
                {
                    case ILocalReferenceOperation local:
                        AddWrite(ref writes, local.Local, argument);
                        break;
                    case IParameterReferenceOperation { Parameter: { RefKind: RefKind.Out or RefKind.Ref } parameter }:
                        AddWrite(ref writes, parameter, argument);
                        break;
                }
            }
        }
    }

    private void AddWrite(ref List<(ISymbol, IOperation)>? writes, ISymbol variable, IOperation? value)
    {
        // Numbers, booleans, dates and the link type itself (known by its type) need no tracking.
        ITypeSymbol type = variable is ILocalSymbol local ? local.Type : ((IParameterSymbol)variable).Type;
        if (value is null || IsPlainValue(type) || _linkTypes.IsLinkType(type))
        {
            return;
        }

        (writes ??= new List<(ISymbol, IOperation)>()).Add((variable, value));
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
                    if (Of(parameter, depth) != LinkTaint.None)
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
}
