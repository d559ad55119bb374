using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// A call that writes its arguments somewhere the link must not go: a log, the console, a trace (MDE1002), a
/// serializer, a file or a stream (MDE1001). HTTP calls and the runtime's download helpers are not sinks.
/// </summary>
internal readonly struct OutputSink
{
    private readonly string _prefix;
    private readonly string _name;
    private readonly string _suffix;

    private OutputSink(DiagnosticDescriptor rule, string prefix, string name, string suffix, bool textOnly)
    {
        Rule = rule;
        _prefix = prefix;
        _name = name;
        _suffix = suffix;
        TextOnly = textOnly;
    }

    public DiagnosticDescriptor Rule { get; }

    /// <summary>The message's argument: where the link went. Built only when a diagnostic is reported.</summary>
    public string Description => _prefix + _name + _suffix;

    /// <summary>
    /// The sink formats its arguments as text, where the link object shows only its redacted <c>ToString()</c>: only
    /// the link's own text is reported. Structured logs and serializers can read the object's properties.
    /// </summary>
    public bool TextOnly { get; }

    public static bool TryMatch(IInvocationOperation invocation, KnownSymbols known, out OutputSink sink)
    {
        sink = default;
        IMethodSymbol method = invocation.TargetMethod;
        INamedTypeSymbol type = method.ContainingType;
        if (invocation.Arguments.IsEmpty || type is null)
        {
            return false;
        }

        if (method.IsStatic)
        {
            // One switch on the type's name, then the full match: most calls are to none of these types.
            switch (type.Name)
            {
                case "LoggerExtensions" when KnownSymbols.Is(type, known.LoggerExtensions):
                    sink = Logged("ILogger.", method.Name, textOnly: false);
                    return true;
                case "Console" when KnownSymbols.Is(type, known.Console):
                    sink = Logged("Console.", method.Name, textOnly: true);
                    return true;
                case "Debug" or "Trace" when KnownSymbols.Is(type, known.Debug) || KnownSymbols.Is(type, known.Trace):
                    sink = Logged(type.Name + ".", method.Name, textOnly: true);
                    return true;
                case "JsonSerializer" or "JsonConvert" when method.Name.StartsWith("Serialize", System.StringComparison.Ordinal)
                    && (KnownSymbols.Is(type, known.SystemTextJsonSerializer) || KnownSymbols.Is(type, known.NewtonsoftJsonConvert)):
                    sink = Stored("serialized by " + type.Name + ".", method.Name, textOnly: false);
                    return true;
                case "File" when KnownSymbols.Is(type, known.File)
                    && (method.Name.StartsWith("Write", System.StringComparison.Ordinal) || method.Name.StartsWith("Append", System.StringComparison.Ordinal)):
                    sink = Stored("written to a file by File.", method.Name, textOnly: true);
                    return true;
            }
        }
        else if (TryMatchInstance(invocation, method, type, known, out sink))
        {
            return true;
        }

        if (IsLoggerMessage(method, known))
        {
            sink = Logged("LoggerMessage method '", method.Name, textOnly: false, suffix: "'");
            return true;
        }

        return false;
    }

    private static bool TryMatchInstance(IInvocationOperation invocation, IMethodSymbol method, INamedTypeSymbol type, KnownSymbols known, out OutputSink sink)
    {
        sink = default;
        if (method.Name is "Log" or "BeginScope" && KnownSymbols.Implements(type, known.Logger))
        {
            sink = Logged("ILogger.", method.Name, textOnly: false);
            return true;
        }

        if (method.Name.StartsWith("Write", System.StringComparison.Ordinal) && KnownSymbols.DerivesFrom(type, known.TextWriter))
        {
            if (IsConsoleWriter(invocation.Instance, known))
            {
                sink = Logged("Console." + ((IPropertyReferenceOperation)invocation.Instance!).Property.Name + ".", method.Name, textOnly: true);
                return true;
            }

            if (KnownSymbols.DerivesFrom(invocation.Instance?.Type, known.StringWriter))
            {
                return false; // text built in memory, judged where the text goes
            }

            sink = Stored("written to a stream by TextWriter.", method.Name, textOnly: true);
            return true;
        }

        if (method.Name == "Serialize" && KnownSymbols.Is(type, known.XmlSerializer))
        {
            sink = Stored("serialized by XmlSerializer.", method.Name, textOnly: false);
            return true;
        }

        // LoggerMessage.Define gives Action<ILogger, T1…, Exception?>: invoking it writes a log entry.
        if (method.Name == "Invoke" && type.TypeKind == TypeKind.Delegate && method.Parameters.Length > 0
            && KnownSymbols.Implements(method.Parameters[0].Type, known.Logger))
        {
            sink = Logged("a LoggerMessage.Define delegate", string.Empty, textOnly: false);
            return true;
        }

        return false;
    }

    /// <summary>A <c>new SomeException(...)</c>: its arguments end up in the message, logs and crash reports.</summary>
    public static bool TryMatch(IObjectCreationOperation creation, KnownSymbols known, out OutputSink sink)
    {
        sink = default;
        if (creation.Arguments.IsEmpty || !KnownSymbols.DerivesFrom(creation.Type, known.Exception))
        {
            return false;
        }

        sink = Logged("the message of exception '", creation.Type!.Name, textOnly: true, suffix: "'");
        return true;
    }

    private static bool IsLoggerMessage(IMethodSymbol method, KnownSymbols known)
    {
        // [LoggerMessage] methods are partial declarations completed by the logging source generator. Partial first: it
        // is answered without reading the method's signature.
        if (!(method.IsPartialDefinition || method.PartialDefinitionPart is not null) || !method.ReturnsVoid)
        {
            return false;
        }

        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (known.LoggerMessageAttribute.Matches(attribute.AttributeClass))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConsoleWriter(IOperation? instance, KnownSymbols known) =>
        instance is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Out" or "Error" } property } && KnownSymbols.Is(property.ContainingType, known.Console);

    private static OutputSink Logged(string prefix, string name, bool textOnly, string suffix = "") => new(DiagnosticDescriptors.LinkLogged, prefix, name, suffix, textOnly);

    private static OutputSink Stored(string prefix, string name, bool textOnly) => new(DiagnosticDescriptors.LinkStored, prefix, name, string.Empty, textOnly);
}
