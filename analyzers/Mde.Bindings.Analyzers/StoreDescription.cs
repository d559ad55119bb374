using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>Words for where a stored link went, for MDE1001's message ("stored in field '_cache'").</summary>
internal static class StoreDescription
{
    private const int MaxSnippet = 60;

    public static string OfTarget(IOperation target) => target switch
    {
        IFieldReferenceOperation field => Member(field.Field.IsStatic ? "static field" : "field", field.Field.Name),
        IPropertyReferenceOperation { Property.IsIndexer: true } indexer => "the indexer of '" + Snippet(indexer.Instance) + "'",
        IPropertyReferenceOperation property => Member(property.Property.IsStatic ? "static property" : "property", property.Property.Name),
        IArrayElementReferenceOperation element => "an element of array '" + Snippet(element.ArrayReference) + "'",
        IEventReferenceOperation @event => Member("event", @event.Event.Name),
        _ => "'" + Snippet(target) + "'",
    };

    public static string OfCollection(CollectionStore store, IInvocationOperation invocation) =>
        store.Kind + " '" + Snippet(store.Receiver) + "." + invocation.TargetMethod.Name + "'";

    /// <summary>Prefixes the place with how a lambda or local function took the link there.</summary>
    public static string Stored(IOperation value, string place, string verb = "stored in")
    {
        IOperation? unwrapped = LinkValueTracker.Unwrap(value);
        if (unwrapped is IDelegateCreationOperation { Target: IMethodReferenceOperation { Method.MethodKind: MethodKind.LocalFunction } reference })
        {
            return "captured by local function '" + reference.Method.Name + "' " + verb + " " + place;
        }

        if (unwrapped?.Type?.TypeKind == TypeKind.Delegate)
        {
            return "captured by a lambda " + verb + " " + place;
        }

        return verb + " " + place;
    }

    private static string Member(string kind, string name) => kind + " '" + name + "'";

    private static string Snippet(IOperation? operation)
    {
        string text = operation?.Syntax.ToString() ?? "?";
        return text.Length <= MaxSnippet ? text : text.Substring(0, MaxSnippet) + "…";
    }
}
