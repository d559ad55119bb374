using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// What the locals (and <c>out</c>/<c>ref</c> parameters) of one operation block carry of a link, and its local
/// functions. A method's summary evaluates its block with one parameter assumed to carry a link: the seed.
/// </summary>
internal sealed class LinkFlow
{
    public LinkFlow(IOperation root, IParameterSymbol? seed = null, LinkTaint seedTaint = LinkTaint.None)
    {
        Root = root;
        Seed = seed;
        SeedTaint = seedTaint;
    }

    public IOperation Root { get; }

    /// <summary>The parameter assumed to carry <see cref="SeedTaint"/>, in a summary; <see langword="null"/> in the code analyzed.</summary>
    public IParameterSymbol? Seed { get; }

    public LinkTaint SeedTaint { get; }

    /// <summary>Whether the writes of the block have been collected and propagated.</summary>
    public bool IsResolved { get; set; }

    /// <summary>The locals and parameters that carry something of a link; <see langword="null"/> in the usual block, where none does.</summary>
    public Dictionary<ISymbol, LinkTaint>? Taints { get; set; }

    public Dictionary<IMethodSymbol, ILocalFunctionOperation>? LocalFunctions { get; set; }

    public LinkTaint TaintOf(ISymbol variable) =>
        Taints is not null && Taints.TryGetValue(variable, out LinkTaint taint) ? taint : LinkTaint.None;
}
