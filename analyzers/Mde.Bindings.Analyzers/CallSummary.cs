using System.Collections.Immutable;

namespace Mde.Bindings.Analyzers;

/// <summary>What one method of the compilation does with a link, under one assumption about its parameters (see <see cref="CallSummaries"/>).</summary>
internal sealed class CallSummary
{
    /// <summary>A method that keeps, logs, returns and hands back nothing of a link: most methods.</summary>
    public static readonly CallSummary Nothing = new(ImmutableArray<Finding>.Empty, LinkTaint.None, null);

    private readonly LinkTaint[]? _handedBack;

    public CallSummary(ImmutableArray<Finding> sinks, LinkTaint returned, LinkTaint[]? handedBack)
    {
        Sinks = sinks;
        Return = returned;
        _handedBack = handedBack;
    }

    /// <summary>
    /// The stores and logs the link reaches in the method, seen from inside it: the first one elsewhere (a log, a
    /// static…), the first in the method's own object, and the first in each parameter's object. Whether the last two
    /// keep the link depends on the call: on whether its receiver or argument is a local object.
    /// </summary>
    public ImmutableArray<Finding> Sinks { get; }

    /// <summary>What the method returns of the link.</summary>
    public LinkTaint Return { get; }

    /// <summary>Whether the method hands a link back through an <c>out</c> or <c>ref</c> parameter.</summary>
    public bool HandsBack => _handedBack is not null;

    /// <summary>What the method hands back through its <c>out</c> or <c>ref</c> parameter at <paramref name="ordinal"/>.</summary>
    public LinkTaint OutOf(int ordinal) => _handedBack is not null && ordinal < _handedBack.Length ? _handedBack[ordinal] : LinkTaint.None;
}
