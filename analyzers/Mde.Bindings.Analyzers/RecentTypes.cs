using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// The last eight type definitions of a walk found not to be links. Operations have type objects of their own, but a
/// declaration uses few type definitions, and comparing references is much cheaper than asking again. Eight, not
/// four: an async method that calls a client and logs uses more than four (its task, the client, the response, the
/// logger, the awaitable, the token…), and with four slots they pushed each other out and were asked again.
/// </summary>
internal struct RecentTypes
{
    private ITypeSymbol? _a;
    private ITypeSymbol? _b;
    private ITypeSymbol? _c;
    private ITypeSymbol? _d;
    private ITypeSymbol? _e;
    private ITypeSymbol? _f;
    private ITypeSymbol? _g;
    private ITypeSymbol? _h;
    private int _next;

    public readonly bool Contains(ITypeSymbol type) =>
        ReferenceEquals(type, _a) || ReferenceEquals(type, _b) || ReferenceEquals(type, _c) || ReferenceEquals(type, _d)
        || ReferenceEquals(type, _e) || ReferenceEquals(type, _f) || ReferenceEquals(type, _g) || ReferenceEquals(type, _h);

    public void Add(ITypeSymbol type)
    {
        switch (_next++ & 7)
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
            case 3:
                _d = type;
                break;
            case 4:
                _e = type;
                break;
            case 5:
                _f = type;
                break;
            case 6:
                _g = type;
                break;
            default:
                _h = type;
                break;
        }
    }
}
