using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Analyzers;

/// <summary>Whose storage a finding writes to, as seen from the method it was found in.</summary>
internal enum SinkTarget : byte
{
    /// <summary>A log, a static, a serializer, a file, the result of a call: kept whoever called the method.</summary>
    Elsewhere,

    /// <summary>A field or property of <c>this</c>: kept when the caller's receiver is kept (not a local object).</summary>
    Instance,

    /// <summary>The object a parameter refers to: kept when the caller's argument is kept (not a local object).</summary>
    Parameter,
}

/// <summary>
/// A link reaching a sink: the rule, where to report it, and the words for the message. Found by
/// <see cref="SinkAnalysis.Judge"/> in the code analyzed, or in a method of the compilation that the code calls
/// (<see cref="CallSummaries"/>), where it is reported at the call.
/// </summary>
internal readonly struct Finding
{
    public Finding(DiagnosticDescriptor rule, SyntaxNode at, string place, SinkTarget target = SinkTarget.Elsewhere, IParameterSymbol? parameter = null, string? callee = null, string? via = null)
    {
        Rule = rule;
        At = at;
        Place = place;
        Target = target;
        Parameter = parameter;
        Callee = callee;
        Via = via;
    }

    public DiagnosticDescriptor Rule { get; }

    public SyntaxNode At { get; }

    /// <summary>Where the link went, as the rule's message says it: "stored in field '_cache'", "ILogger.LogInformation".</summary>
    public string Place { get; }

    public SinkTarget Target { get; }

    /// <summary>The parameter whose object is written to, when <see cref="Target"/> is <see cref="SinkTarget.Parameter"/>.</summary>
    public IParameterSymbol? Parameter { get; }

    /// <summary>The method of the compilation where the link reaches the sink, when that is not the code reported.</summary>
    public string? Callee { get; }

    /// <summary>The methods the link passed through on its way to <see cref="Callee"/>, outermost first.</summary>
    public string? Via { get; }

    /// <summary>The message's argument.</summary>
    public string Description => Callee is null ? Place : Place + " by '" + Callee + "'" + (Via is null ? string.Empty : ", called through '" + Via + "'");

    /// <summary>This finding, seen from a call to <paramref name="method"/> (which found it), reported at <paramref name="call"/>.</summary>
    public Finding ThroughCall(SyntaxNode call, IMethodSymbol method, SinkTarget target, IParameterSymbol? parameter)
    {
        string name = NameOf(method);
        return Callee is null
            ? new Finding(Rule, call, Place, target, parameter, name)
            : new Finding(Rule, call, Place, target, parameter, Callee, Via is null ? name : name + "', '" + Via);
    }

    /// <summary>A method as the message names it: a constructor by its type.</summary>
    public static string NameOf(IMethodSymbol method) => method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;
}
