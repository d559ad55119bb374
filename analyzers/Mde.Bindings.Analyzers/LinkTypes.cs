using System.Collections.Concurrent;
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

    private readonly INamedTypeSymbol _attribute;
    private readonly IAssemblySymbol _compilationAssembly;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _answers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IAssemblySymbol, bool> _assembliesThatSeeTheAttribute = new(SymbolEqualityComparer.Default);

    private LinkTypes(INamedTypeSymbol attribute, IAssemblySymbol compilationAssembly)
    {
        _attribute = attribute;
        _compilationAssembly = compilationAssembly;
    }

    /// <summary>
    /// The link types of <paramref name="compilation"/>, or <see langword="null"/> when the attribute is not referenced
    /// (nothing to analyze). The attribute is looked for in the compilation itself and in the referenced Mde.Bindings
    /// assemblies only: a compilation-wide lookup would load the namespaces of every reference at compilation start.
    /// </summary>
    public static LinkTypes? TryCreate(Compilation compilation)
    {
        INamedTypeSymbol? attribute = compilation.Assembly.GetTypeByMetadataName(AttributeMetadataName);
        if (attribute is null)
        {
            foreach (IAssemblySymbol referenced in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (referenced.Name.StartsWith("Mde.Bindings", System.StringComparison.Ordinal)
                    && referenced.GetTypeByMetadataName(AttributeMetadataName) is { } found
                    && found.DeclaredAccessibility == Accessibility.Public)
                {
                    attribute = found;
                    break;
                }
            }
        }

        return attribute is null ? null : new LinkTypes(attribute, compilation.Assembly);
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

        INamedTypeSymbol definition = named.OriginalDefinition;
        if (_answers.TryGetValue(definition, out bool known))
        {
            return known;
        }

        // Only a type whose assembly can see the attribute can carry it, or derive from or implement a type that does:
        // the framework's types are answered without reading their attributes.
        bool answer = CanSeeAttribute(definition.ContainingAssembly) && IsMarked(definition);
        _answers.TryAdd(definition, answer);
        return answer;
    }

    private bool CanSeeAttribute(IAssemblySymbol? assembly)
    {
        if (assembly is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(assembly, _compilationAssembly) || SymbolEqualityComparer.Default.Equals(assembly, _attribute.ContainingAssembly))
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
                sees |= SymbolEqualityComparer.Default.Equals(referenced, _attribute.ContainingAssembly);
            }
        }

        _assembliesThatSeeTheAttribute.TryAdd(assembly, sees);
        return sees;
    }

    private bool IsMarked(INamedTypeSymbol definition)
    {
        for (INamedTypeSymbol? type = definition; type is not null; type = type.BaseType)
        {
            if (HasAttribute(type))
            {
                return true;
            }
        }

        foreach (INamedTypeSymbol contract in definition.AllInterfaces)
        {
            if (HasAttribute(contract.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private bool HasAttribute(INamedTypeSymbol type)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _attribute))
            {
                return true;
            }
        }

        return false;
    }
}
