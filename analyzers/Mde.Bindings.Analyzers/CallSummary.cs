namespace Mde.Bindings.Analyzers;

/// <summary>What one method of the compilation does with a link, under one assumption about its parameters (see <see cref="CallSummaries"/>).</summary>
internal sealed class CallSummary
{
    /// <summary>A method that keeps, logs, returns and hands back nothing of a link: most methods.</summary>
    public static readonly CallSummary Nothing = new(null, LinkTaint.None, null);

    private readonly LinkTaint[]? _handedBack;

    public CallSummary(Finding? sink, LinkTaint returned, LinkTaint[]? handedBack)
    {
        Sink = sink;
        Return = returned;
        _handedBack = handedBack;
    }

    /// <summary>The first store or log the link reaches in the method, seen from inside it.</summary>
    public Finding? Sink { get; }

    /// <summary>What the method returns of the link.</summary>
    public LinkTaint Return { get; }

    /// <summary>Whether the method hands a link back through an <c>out</c> or <c>ref</c> parameter.</summary>
    public bool HandsBack => _handedBack is not null;

    /// <summary>What the method hands back through its <c>out</c> or <c>ref</c> parameter at <paramref name="ordinal"/>.</summary>
    public LinkTaint OutOf(int ordinal) => _handedBack is not null && ordinal < _handedBack.Length ? _handedBack[ordinal] : LinkTaint.None;
}
