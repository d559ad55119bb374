using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// The last four type definitions of a walk found not to be links. Operations have type objects of their own, but a
/// declaration uses few type definitions, and comparing references is much cheaper than asking again.
/// </summary>
internal struct RecentTypes
{
    private ITypeSymbol? _a;
    private ITypeSymbol? _b;
    private ITypeSymbol? _c;
    private ITypeSymbol? _d;
    private int _next;

    public readonly bool Contains(ITypeSymbol type) =>
        ReferenceEquals(type, _a) || ReferenceEquals(type, _b) || ReferenceEquals(type, _c) || ReferenceEquals(type, _d);

    public void Add(ITypeSymbol type)
    {
        switch (_next++ & 3)
        {
            case 0:
                _a = type;
                break;
            case 1:
                _b = type;
                break;
            case 2:
                _c = type;
                break;
            default:
                _d = type;
                break;
        }
    }
}
