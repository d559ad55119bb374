using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// The framework types the rules recognise as sinks or as carriers of a link's text, looked up once per
/// compilation. A type the compilation does not reference is <see langword="null"/> and its rule simply never matches.
/// </summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation)
    {
        Uri = compilation.GetTypeByMetadataName("System.Uri");
        StringBuilder = compilation.GetTypeByMetadataName("System.Text.StringBuilder");
        Exception = compilation.GetTypeByMetadataName("System.Exception");
        HttpRequestMessage = compilation.GetTypeByMetadataName("System.Net.Http.HttpRequestMessage");
        Console = compilation.GetTypeByMetadataName("System.Console");
        Debug = compilation.GetTypeByMetadataName("System.Diagnostics.Debug");
        Trace = compilation.GetTypeByMetadataName("System.Diagnostics.Trace");
        TextWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
        StringWriter = compilation.GetTypeByMetadataName("System.IO.StringWriter");
        File = compilation.GetTypeByMetadataName("System.IO.File");
        Logger = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
        LoggerExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
        LoggerMessageAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerMessageAttribute");
        SystemTextJsonSerializer = compilation.GetTypeByMetadataName("System.Text.Json.JsonSerializer");
        NewtonsoftJsonConvert = compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonConvert");
        XmlSerializer = compilation.GetTypeByMetadataName("System.Xml.Serialization.XmlSerializer");
        MemoryCache = compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.Memory.IMemoryCache");
        MemoryCacheExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.Memory.CacheExtensions");
        DistributedCache = compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.Distributed.IDistributedCache");
        DistributedCacheExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Caching.Distributed.DistributedCacheExtensions");
        Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
    }

    public INamedTypeSymbol? Uri { get; }
    public INamedTypeSymbol? StringBuilder { get; }
    public INamedTypeSymbol? Exception { get; }
    public INamedTypeSymbol? HttpRequestMessage { get; }
    public INamedTypeSymbol? Console { get; }
    public INamedTypeSymbol? Debug { get; }
    public INamedTypeSymbol? Trace { get; }
    public INamedTypeSymbol? TextWriter { get; }
    public INamedTypeSymbol? StringWriter { get; }
    public INamedTypeSymbol? File { get; }
    public INamedTypeSymbol? Logger { get; }
    public INamedTypeSymbol? LoggerExtensions { get; }
    public INamedTypeSymbol? LoggerMessageAttribute { get; }
    public INamedTypeSymbol? SystemTextJsonSerializer { get; }
    public INamedTypeSymbol? NewtonsoftJsonConvert { get; }
    public INamedTypeSymbol? XmlSerializer { get; }
    public INamedTypeSymbol? MemoryCache { get; }
    public INamedTypeSymbol? MemoryCacheExtensions { get; }
    public INamedTypeSymbol? DistributedCache { get; }
    public INamedTypeSymbol? DistributedCacheExtensions { get; }
    public INamedTypeSymbol? Enumerable { get; }

    private readonly ConcurrentDictionary<ITypeSymbol, bool> _collections = new(SymbolEqualityComparer.Default);

    public static KnownSymbols Create(Compilation compilation) => new(compilation);

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

    public bool IsUri(ITypeSymbol? type) => Uri is not null && SymbolEqualityComparer.Default.Equals(type, Uri);

    /// <summary>Whether a value of this type can carry a link's secret as text: a string or a <see cref="System.Uri"/>.</summary>
    public bool IsLinkText(ITypeSymbol? type) => type is not null && (type.SpecialType == SpecialType.System_String || IsUri(type));

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        known is not null && type is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    public static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? known)
    {
        if (known is null)
        {
            return false;
        }

        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, known))
            {
                return true;
            }
        }

        return false;
    }

    public static bool Implements(ITypeSymbol? type, INamedTypeSymbol? known)
    {
        if (known is null || type is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known))
        {
            return true;
        }

        foreach (INamedTypeSymbol contract in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(contract.OriginalDefinition, known))
            {
                return true;
            }
        }

        return false;
    }
}
