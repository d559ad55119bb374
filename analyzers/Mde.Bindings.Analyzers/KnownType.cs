using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// A framework type recognised by its full name (namespace, name, arity) rather than looked up in the compilation:
/// matching costs a few string comparisons and nothing at compilation start, and a type the project does not
/// reference simply never matches.
/// </summary>
internal sealed class KnownType
{
    private readonly string[] _namespace;
    private readonly string _name;
    private readonly int _arity;

    public KnownType(string @namespace, string name, int arity = 0)
    {
        _namespace = @namespace.Split('.');
        _name = name;
        _arity = arity;
    }

    public bool Matches(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol named || named.Arity != _arity || !string.Equals(named.Name, _name, System.StringComparison.Ordinal))
        {
            return false;
        }

        INamespaceSymbol? current = named.ContainingNamespace;
        for (int i = _namespace.Length - 1; i >= 0; i--)
        {
            if (current is null || !string.Equals(current.Name, _namespace[i], System.StringComparison.Ordinal))
            {
                return false;
            }

            current = current.ContainingNamespace;
        }

        return current is { IsGlobalNamespace: true } && named.ContainingType is null;
    }
}
