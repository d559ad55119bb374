using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// Compares by reference: for caches keyed on objects the compilation keeps one of (a type's definition symbol), where
/// <see cref="Microsoft.CodeAnalysis.SymbolEqualityComparer"/> would hash names on every lookup. A second object for
/// the same thing only costs a second entry with the same answer. (netstandard2.0 has no ReferenceEqualityComparer.)
/// </summary>
internal sealed class ReferenceComparer : IEqualityComparer<object>
{
    public static readonly ReferenceComparer Instance = new();

    private ReferenceComparer()
    {
    }

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
