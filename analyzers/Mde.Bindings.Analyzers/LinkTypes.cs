using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// Answers "is this a link type?" for one compilation: a type marked <c>[Mde.Bindings.ConsumeImmediately]</c>,
/// directly, through a base class or through an interface. Keyed on the attribute, never on names, so every
/// link type a spec produces is covered. Answers are cached per generic definition.
/// </summary>
internal sealed class LinkTypes
{
    public const string AttributeMetadataName = "Mde.Bindings.ConsumeImmediatelyAttribute";

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _answers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IAssemblySymbol, bool> _assembliesThatSeeTheAttribute = new(SymbolEqualityComparer.Default);
    private INamedTypeSymbol? _attribute;
    private int _resolved;

    private LinkTypes(Compilation compilation) => _compilation = compilation;

    /// <summary>
    /// The link types of <paramref name="compilation"/>, or <see langword="null"/> when the attribute cannot be there
    /// (no Mde.Bindings reference, no such type in the sources): then nothing is analyzed. This check reads names only;
    /// the attribute itself is looked up on first need, when the compiler has usually loaded the reference already.
    /// </summary>
    public static LinkTypes? TryCreate(Compilation compilation)
    {
        if (compilation.Assembly.TypeNames.Contains("ConsumeImmediatelyAttribute"))
        {
            return new LinkTypes(compilation);
        }

        foreach (AssemblyIdentity reference in compilation.ReferencedAssemblyNames)
        {
            if (reference.Name.StartsWith("Mde.Bindings", System.StringComparison.Ordinal))
            {
                return new LinkTypes(compilation);
            }
        }

        return null;
    }

    /// <summary>Whether the compilation has the attribute at all: when it has not, no type is a link type.</summary>
    public bool IsPresent => Attribute is not null;

    private INamedTypeSymbol? Attribute
    {
        get
        {
            if (Volatile.Read(ref _resolved) == 0)
            {
                // Two threads may look at once: both find the same symbol.
                _attribute = Find(_compilation);
                Volatile.Write(ref _resolved, 1);
            }

            return _attribute;
        }
    }

    // In the compilation itself and in the referenced Mde.Bindings assemblies only: a compilation-wide lookup would
    // load the namespaces of every reference.
    private static INamedTypeSymbol? Find(Compilation compilation)
    {
        if (compilation.Assembly.GetTypeByMetadataName(AttributeMetadataName) is { } own)
        {
            return own;
        }

        foreach (IAssemblySymbol referenced in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (referenced.Name.StartsWith("Mde.Bindings", System.StringComparison.Ordinal)
                && referenced.GetTypeByMetadataName(AttributeMetadataName) is { DeclaredAccessibility: Accessibility.Public } found)
            {
                return found;
            }
        }

        return null;
    }

    public bool IsLinkType(ITypeSymbol? type)
    {
        // Strings, primitives, object, arrays, type parameters and delegates are never links: the common answer, without a lookup.
        if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None)
        {
            return false;
        }

        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
        {
            return false;
        }

        if (named.IsGenericType && named.ConstructedFrom.SpecialType == SpecialType.System_Nullable_T)
        {
            return IsLinkType(named.TypeArguments[0]);
        }

        if (Attribute is not { } attribute)
        {
            return false;
        }

        INamedTypeSymbol definition = named.OriginalDefinition;
        if (_answers.TryGetValue(definition, out bool known))
        {
            return known;
        }

        // Only a type whose assembly can see the attribute can carry it, or derive from or implement a type that does:
        // the framework's types are answered without reading their attributes.
        bool answer = CanSeeAttribute(definition.ContainingAssembly, attribute) && IsMarked(definition, attribute);
        _answers.TryAdd(definition, answer);
        return answer;
    }

    private bool CanSeeAttribute(IAssemblySymbol? assembly, INamedTypeSymbol attribute)
    {
        if (assembly is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(assembly, _compilation.Assembly) || SymbolEqualityComparer.Default.Equals(assembly, attribute.ContainingAssembly))
        {
            return true;
        }

        if (_assembliesThatSeeTheAttribute.TryGetValue(assembly, out bool known))
        {
            return known;
        }

        bool sees = false;
        foreach (IModuleSymbol module in assembly.Modules)
        {
            foreach (IAssemblySymbol referenced in module.ReferencedAssemblySymbols)
            {
                sees |= SymbolEqualityComparer.Default.Equals(referenced, attribute.ContainingAssembly);
            }
        }

        _assembliesThatSeeTheAttribute.TryAdd(assembly, sees);
        return sees;
    }

    private static bool IsMarked(INamedTypeSymbol definition, INamedTypeSymbol attribute)
    {
        for (INamedTypeSymbol? type = definition; type is not null; type = type.BaseType)
        {
            if (HasAttribute(type, attribute))
            {
                return true;
            }
        }

        foreach (INamedTypeSymbol contract in definition.AllInterfaces)
        {
            if (HasAttribute(contract.OriginalDefinition, attribute))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(INamedTypeSymbol type, INamedTypeSymbol attribute)
    {
        foreach (AttributeData data in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }
}
