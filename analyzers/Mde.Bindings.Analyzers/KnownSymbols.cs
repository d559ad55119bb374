using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// The framework types the rules recognise as sinks or as carriers of a link's text, matched by full name (see
/// <see cref="KnownType"/>), plus per-compilation answers that are worth caching.
/// </summary>
internal sealed class KnownSymbols
{
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _collections = new(SymbolEqualityComparer.Default);

    public KnownType Uri { get; } = new("System", "Uri");
    public KnownType StringBuilder { get; } = new("System.Text", "StringBuilder");
    public KnownType Exception { get; } = new("System", "Exception");
    public KnownType HttpRequestMessage { get; } = new("System.Net.Http", "HttpRequestMessage");
    public KnownType Console { get; } = new("System", "Console");
    public KnownType Debug { get; } = new("System.Diagnostics", "Debug");
    public KnownType Trace { get; } = new("System.Diagnostics", "Trace");
    public KnownType TextWriter { get; } = new("System.IO", "TextWriter");
    public KnownType StringWriter { get; } = new("System.IO", "StringWriter");
    public KnownType File { get; } = new("System.IO", "File");
    public KnownType Logger { get; } = new("Microsoft.Extensions.Logging", "ILogger");
    public KnownType LoggerExtensions { get; } = new("Microsoft.Extensions.Logging", "LoggerExtensions");
    public KnownType LoggerMessageAttribute { get; } = new("Microsoft.Extensions.Logging", "LoggerMessageAttribute");
    public KnownType SystemTextJsonSerializer { get; } = new("System.Text.Json", "JsonSerializer");
    public KnownType NewtonsoftJsonConvert { get; } = new("Newtonsoft.Json", "JsonConvert");
    public KnownType XmlSerializer { get; } = new("System.Xml.Serialization", "XmlSerializer");
    public KnownType MemoryCache { get; } = new("Microsoft.Extensions.Caching.Memory", "IMemoryCache");
    public KnownType DistributedCache { get; } = new("Microsoft.Extensions.Caching.Distributed", "IDistributedCache");
    public KnownType Enumerable { get; } = new("System.Linq", "Enumerable");

    /// <summary>The runtime's redaction helper, the fix the diagnostics advise: what it returns is never the secret.</summary>
    public KnownType Redaction { get; } = new("Mde.Bindings", "Redaction");

    public bool IsUri(ITypeSymbol? type) => Uri.Matches(type);

    /// <summary>Whether a value of this type can carry a link's secret as text: a string or a <see cref="System.Uri"/>.</summary>
    public bool IsLinkText(ITypeSymbol? type) => type is not null && (type.SpecialType == SpecialType.System_String || IsUri(type));

    public static bool Is(ITypeSymbol? type, KnownType known) => known.Matches(type);

    public static bool DerivesFrom(ITypeSymbol? type, KnownType known)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (known.Matches(current))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Implements(ITypeSymbol? type, KnownType known)
    {
        if (type is null)
        {
            return false;
        }

        if (known.Matches(type))
        {
            return true;
        }

        foreach (INamedTypeSymbol contract in type.AllInterfaces)
        {
            if (known.Matches(contract))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether values added to this type are kept in it: it is enumerable (and not a string, whose methods return new strings).</summary>
    public bool IsCollection(ITypeSymbol? type)
    {
        if (type is null || type.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_Collections_IEnumerable)
        {
            return true;
        }

        ITypeSymbol definition = type.OriginalDefinition;
        if (_collections.TryGetValue(definition, out bool known))
        {
            return known;
        }

        bool answer = false;
        foreach (INamedTypeSymbol contract in definition.AllInterfaces)
        {
            answer |= contract.SpecialType == SpecialType.System_Collections_IEnumerable;
        }

        _collections.TryAdd(definition, answer);
        return answer;
    }
}
