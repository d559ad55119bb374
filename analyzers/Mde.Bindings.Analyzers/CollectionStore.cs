using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// Recognises a call that puts values into a collection, a cache or a builder: <c>Add</c>, <c>Insert</c>, <c>Enqueue</c>,
/// <c>Push</c>, <c>TryAdd</c>, <c>GetOrAdd</c>, <c>AddOrUpdate</c>, cache <c>Set</c>, builder <c>Append</c>.
/// </summary>
internal readonly struct CollectionStore
{
    private CollectionStore(IOperation receiver, int firstValue, bool isBuilder, string kind)
    {
        Receiver = receiver;
        FirstValueArgument = firstValue;
        IsBuilder = isBuilder;
        Kind = kind;
    }

    /// <summary>The collection written to (the instance, or the first argument of an extension method).</summary>
    public IOperation Receiver { get; }

    /// <summary>Index of the first argument that is stored (1 for extension methods, whose argument 0 is the receiver).</summary>
    public int FirstValueArgument { get; }

    /// <summary>A text builder: it stores only when it is itself kept (a field), not when it is a working local.</summary>
    public bool IsBuilder { get; }

    /// <summary>"collection", "cache" or "builder", for the message.</summary>
    public string Kind { get; }

    /// <summary>
    /// The collection a call would write to, if the method's name is one of a store's; a cheap first test that needs
    /// no type check (the receiver's root decides whether the full match matters).
    /// </summary>
    public static IOperation? ReceiverOf(IInvocationOperation invocation)
    {
        if (invocation.Arguments.IsEmpty || Classify(invocation.TargetMethod.Name) == StoreName.None)
        {
            return null;
        }

        return invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod ? invocation.Arguments[0].Value : null);
    }

    // The one list of store names. The first letter is tested first: most calls are to none of them.
    private static StoreName Classify(string name) => name.Length < 3 || name[0] is not ('A' or 'I' or 'E' or 'P' or 'T' or 'G' or 'S')
        ? StoreName.None
        : name switch
        {
            "Add" or "AddRange" or "Insert" or "InsertRange" or "Enqueue" or "Push" or "TryAdd" or "GetOrAdd" or "AddOrUpdate" or "TryUpdate"
                or "AddFirst" or "AddLast" => StoreName.Collection,
            "Append" or "AppendLine" or "AppendFormat" => StoreName.Builder,
            "Set" or "SetString" or "SetStringAsync" or "SetAsync" or "GetOrCreate" or "GetOrCreateAsync" => StoreName.Cache,
            _ => StoreName.None,
        };

    public static bool TryMatch(IInvocationOperation invocation, KnownSymbols known, out CollectionStore store)
    {
        store = default;
        IMethodSymbol method = invocation.TargetMethod;
        StoreName name = Classify(method.Name);
        if (name == StoreName.None || invocation.Arguments.IsEmpty)
        {
            return false;
        }

        IOperation? receiver = invocation.Instance;
        int firstValue = 0;
        if (receiver is null && method.IsExtensionMethod)
        {
            receiver = invocation.Arguments[0].Value;
            firstValue = 1;
        }

        if (receiver is null || (method.IsExtensionMethod && KnownSymbols.Is(method.ContainingType, known.Enumerable)))
        {
            return false; // LINQ's Append returns a new sequence and stores nothing.
        }

        ITypeSymbol? type = receiver.Type;
        if (name == StoreName.Builder || (method.Name is "Insert" && KnownSymbols.Is(type, known.StringBuilder)))
        {
            if (!KnownSymbols.Is(type, known.StringBuilder))
            {
                return false;
            }

            store = new CollectionStore(receiver, firstValue, isBuilder: true, "builder");
            return true;
        }

        if (name == StoreName.Cache)
        {
            if (!KnownSymbols.Implements(type, known.MemoryCache) && !KnownSymbols.Implements(type, known.DistributedCache))
            {
                return false;
            }

            store = new CollectionStore(receiver, firstValue, isBuilder: false, "cache");
            return true;
        }

        if (name == StoreName.Collection && known.IsCollection(type))
        {
            store = new CollectionStore(receiver, firstValue, isBuilder: false, "collection");
            return true;
        }

        return false;
    }

    private enum StoreName
    {
        None,
        Collection,
        Builder,
        Cache,
    }
}
