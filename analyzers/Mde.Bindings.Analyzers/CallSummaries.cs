using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// What the methods of this compilation do with a link handed to them: for a method and one parameter carrying a link
/// (or its text), the first store or log the link reaches in it, through its fields, collections, logging calls and
/// the methods it calls in turn; what it returns; what it hands back through <c>out</c>/<c>ref</c> parameters. A call
/// site asks only when it passes a link, so a summary is computed on first need, once per compilation, and kept.
/// Methods of other assemblies, interfaces, abstract and extern methods are not summarised: a miss rather than a false
/// warning. Recursion stops at a cycle or <see cref="MaxCallDepth"/> calls deep; a summary cut short there is used
/// but not kept, so that what is kept does not depend on where the analysis started.
/// </summary>
internal sealed class CallSummaries
{
    /// <summary>How many calls deep a summary follows a link: deeper chains are a miss.</summary>
    public const int MaxCallDepth = 8;

    private readonly Compilation _compilation;
    private readonly LinkTypes _linkTypes;
    private readonly ConcurrentDictionary<Key, CallSummary> _summaries = new();

    // The summaries this thread is computing now (analyzers run concurrently; each thread follows its own calls).
    private readonly ThreadLocal<Trail> _trail = new(() => new Trail());
    private IAssemblySymbol? _ownAssembly;
    private LinkValueTracker _values = null!;
    private SinkAnalysis _sinks = null!;

    public CallSummaries(Compilation compilation, LinkTypes linkTypes)
    {
        _compilation = compilation;
        _linkTypes = linkTypes;
    }

    public void Attach(LinkValueTracker values, SinkAnalysis sinks)
    {
        _values = values;
        _sinks = sinks;
    }

    /// <summary>The declaration a call's target comes from: generic methods by their definition, partial methods by their implementation.</summary>
    public static IMethodSymbol Definition(IMethodSymbol method)
    {
        IMethodSymbol definition = method.ReducedFrom ?? method.OriginalDefinition;
        return definition.PartialImplementationPart ?? definition;
    }

    /// <summary>
    /// Whether calls to <paramref name="method"/> are followed: a method with a body in this compilation. Asked for every
    /// call of every declaration: a method read from metadata (most calls) has no syntax, which the symbol answers
    /// without a lookup; the assembly, a walk up the method's containers, is compared only for the others.
    /// </summary>
    public bool IsSummarized(IMethodSymbol method) =>
        !method.DeclaringSyntaxReferences.IsEmpty
        && ReferenceEquals(method.ContainingAssembly, OwnAssembly)
        && method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor
        && !method.IsAbstract && !method.IsExtern;

    // Looked up on first need: at compilation start it would bind the references (see LinkTypes.TryCreate).
    private IAssemblySymbol OwnAssembly => _ownAssembly ??= _compilation.Assembly;

    /// <summary>
    /// Whether a call returns a link or its text, or hands one back through an <c>out</c>/<c>ref</c> argument, when
    /// nothing the caller passes carries one: such a call is a source, and the declaration that makes it is analyzed.
    /// </summary>
    public bool Produces(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        if (!IsSummarized(method) || !(LinkValueTracker.CanCarry(method.ReturnType) || HasOutOrRef(method)))
        {
            return false;
        }

        CallSummary summary = Of(method, -1, LinkTaint.None);
        return summary.Return != LinkTaint.None || summary.HandsBack;
    }

    /// <summary>What a call to <paramref name="method"/> returns of a link, given what its arguments carry.</summary>
    public LinkTaint ReturnOf(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
    {
        if (!IsSummarized(method) || !LinkValueTracker.CanCarry(method.ReturnType))
        {
            return LinkTaint.None;
        }

        LinkTaint result = Of(method, -1, LinkTaint.None).Return;
        foreach (IArgumentOperation argument in arguments)
        {
            if (result == LinkTaint.LinkText)
            {
                break;
            }

            if (SeedOf(argument) is { } seed)
            {
                result = Max(result, Of(method, seed.Parameter.Ordinal, seed.Taint).Return);
            }
        }

        return result;
    }

    /// <summary>What a call to <paramref name="method"/> hands back through its <c>out</c>/<c>ref</c> parameter <paramref name="parameter"/>.</summary>
    public LinkTaint OutOf(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, IParameterSymbol parameter)
    {
        if (!IsSummarized(method))
        {
            return LinkTaint.None;
        }

        LinkTaint result = Of(method, -1, LinkTaint.None).OutOf(parameter.Ordinal);
        foreach (IArgumentOperation argument in arguments)
        {
            if (result == LinkTaint.LinkText)
            {
                break;
            }

            if (SeedOf(argument) is { } seed)
            {
                result = Max(result, Of(method, seed.Parameter.Ordinal, seed.Taint).OutOf(parameter.Ordinal));
            }
        }

        return result;
    }

    /// <summary>
    /// The summary of <paramref name="method"/> when its parameter <paramref name="ordinal"/> carries
    /// <paramref name="taint"/>; with ordinal -1, what the method makes of its own (from the links it obtains).
    /// </summary>
    public CallSummary Of(IMethodSymbol method, int ordinal, LinkTaint taint)
    {
        IMethodSymbol definition = Definition(method);
        var key = new Key(definition, ordinal, taint);
        if (_summaries.TryGetValue(key, out CallSummary? known))
        {
            return known;
        }

        Trail trail = _trail.Value!;
        if (trail.Keys.Count >= MaxCallDepth || trail.Keys.Contains(key))
        {
            trail.Cutoffs++;
            return CallSummary.Nothing;
        }

        int cutoffs = trail.Cutoffs;
        trail.Keys.Add(key);
        CallSummary summary;
        try
        {
            summary = BodyOf(definition) is { } body ? Summarize(definition, body, ordinal, taint) : CallSummary.Nothing;
        }
        finally
        {
            trail.Keys.RemoveAt(trail.Keys.Count - 1);
        }

        if (trail.Cutoffs == cutoffs)
        {
            _summaries.TryAdd(key, summary);
        }

        return summary;
    }

    private CallSummary Summarize(IMethodSymbol method, MethodBody body, int ordinal, LinkTaint taint)
    {
        IParameterSymbol? seed = ordinal >= 0 ? method.Parameters[ordinal] : null;

        // What a method makes of its own: only one where a link occurs, or that calls a method that makes one, can.
        if (seed is null && !_linkTypes.OccursIn(body.Code, this))
        {
            return CallSummary.Nothing;
        }

        var flow = new LinkFlow(body.Root, seed, taint);
        return _values.Within(flow, () =>
        {
            LinkTaint returned = LinkValueTracker.CanCarry(method.ReturnType) ? _values.ReturnedBy(body.Code) : LinkTaint.None;
            LinkTaint[]? handedBack = null;
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.RefKind is RefKind.Out or RefKind.Ref && flow.TaintOf(parameter) is var written && written != LinkTaint.None)
                {
                    (handedBack ??= new LinkTaint[method.Parameters.Length])[parameter.Ordinal] = written;
                }
            }

            // A link type handles its own state; a method's own links are reported in the method itself.
            ImmutableArray<Finding> sinks = seed is null || _linkTypes.IsLinkType(method.ContainingType) ? ImmutableArray<Finding>.Empty : SinksOf(method, body);
            return returned == LinkTaint.None && handedBack is null && sinks.IsEmpty ? CallSummary.Nothing : new CallSummary(sinks, returned, handedBack);
        });
    }

    /// <summary>
    /// The sinks the seed reaches in <paramref name="body"/> (ones that the method's own analysis, without the seed, does
    /// not report): the first of each target, in the order of the code.
    /// </summary>
    private ImmutableArray<Finding> SinksOf(IMethodSymbol method, MethodBody body)
    {
        List<Finding>? sinks = null;
        LinkFlow? unseeded = null;
        OperationStack pending = OperationStack.Rent();
        try
        {
            pending.PushChildren(body.Code);
            while (pending.TryPop(out IOperation operation))
            {
                if (SinkAnalysis.IsJudged(operation.Kind) && _sinks.Judge(operation, method) is { } found && !HasTarget(sinks, found))
                {
                    unseeded ??= new LinkFlow(body.Root);
                    if (_values.Within(unseeded, () => _sinks.Judge(operation, method)) is null)
                    {
                        (sinks ??= new List<Finding>()).Add(found);
                    }
                }

                // Children in the order of the code: the stack pops the last pushed first.
                int count = pending.Count;
                pending.PushChildren(operation);
                pending.Reverse(count);
            }
        }
        finally
        {
            pending.Return();
        }

        if (sinks is null)
        {
            return ImmutableArray<Finding>.Empty;
        }

        // Elsewhere first: it is kept whoever calls.
        sinks.Sort((a, b) => a.Target.CompareTo(b.Target));
        return sinks.ToImmutableArray();
    }

    private static bool HasTarget(List<Finding>? sinks, Finding found)
    {
        if (sinks is null)
        {
            return false;
        }

        foreach (Finding sink in sinks)
        {
            if (sink.Target == found.Target && SymbolEqualityComparer.Default.Equals(sink.Parameter, found.Parameter))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The parameter a link-carrying argument seeds: not an out parameter, and not one typed as a link (the method's own analysis sees those).</summary>
    private (IParameterSymbol Parameter, LinkTaint Taint)? SeedOf(IArgumentOperation argument)
    {
        if (argument.Parameter is not { RefKind: not RefKind.Out } parameter || _linkTypes.IsLinkType(parameter.Type))
        {
            return null;
        }

        LinkTaint taint = _values.Of(argument.Value);
        return taint == LinkTaint.None ? null : (parameter, taint);
    }

    private MethodBody? BodyOf(IMethodSymbol method)
    {
        foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
        {
            SyntaxNode node = reference.GetSyntax();
#pragma warning disable RS1030 // The called method is often declared in another file: the compiler's model of that file (cached and shared with the analyzer driver) is the only way to its operations.
            SemanticModel model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
            switch (model.GetOperation(node))
            {
                case IMethodBodyBaseOperation declared:
                    return new MethodBody(declared, declared);
                case ILocalFunctionOperation local:
                    IOperation root = local;
                    while (root.Parent is { } parent)
                    {
                        root = parent;
                    }

                    return new MethodBody(root, local);
            }
        }

        return null;
    }

    private static bool HasOutOrRef(IMethodSymbol method)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind is RefKind.Out or RefKind.Ref)
            {
                return true;
            }
        }

        return false;
    }

    private static LinkTaint Max(LinkTaint a, LinkTaint b) => a >= b ? a : b;

    /// <summary>The code of a method (<see cref="Code"/>) and the operation block its locals belong to (<see cref="Root"/>: the same, but for a local function).</summary>
    private readonly struct MethodBody
    {
        public MethodBody(IOperation root, IOperation code)
        {
            Root = root;
            Code = code;
        }

        public IOperation Root { get; }

        public IOperation Code { get; }
    }

    private readonly struct Key : IEquatable<Key>
    {
        private readonly IMethodSymbol _method;
        private readonly int _ordinal;
        private readonly LinkTaint _taint;

        public Key(IMethodSymbol method, int ordinal, LinkTaint taint)
        {
            _method = method;
            _ordinal = ordinal;
            _taint = taint;
        }

        public bool Equals(Key other) => _ordinal == other._ordinal && _taint == other._taint && SymbolEqualityComparer.Default.Equals(_method, other._method);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(_method) * 31 + _ordinal) * 4 + (int)_taint;
    }

    /// <summary>The summaries one thread is computing, innermost last, and how many times it cut a cycle or a deep chain short.</summary>
    private sealed class Trail
    {
        public List<Key> Keys { get; } = new();

        public int Cutoffs { get; set; }
    }
}
