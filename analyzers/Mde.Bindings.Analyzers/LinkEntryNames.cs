using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// A cheap first answer to "can this declaration hold a link?", from its identifier tokens, before any operation is
/// visited. A value typed as a link, or as a type that carries one (a link, a type with a link among its type
/// arguments, bases, constructors or the members code uses without naming them: indexers, operators, conversions,
/// <c>GetAwaiter</c>, <c>GetEnumerator</c>, <c>Deconstruct</c>...), can only enter a declaration through something it
/// names: such a type or an alias, a member or primary-constructor parameter whose signature carries one, a method of
/// the compilation that may return a link's text, or through the declaration's own signature and containing types,
/// which are checked by their symbols. Any value made inside the declaration is made from those. A declaration that
/// names none of them and whose signature carries nothing is skipped; every other one is walked as before.
/// </summary>
internal sealed class LinkEntryNames
{
    // Members that C# calls without their name appearing in the code (await, foreach, deconstruction, queries,
    // delegate calls, ranges, list patterns, fixed, collection builders, interpolated-string handlers).
    private static readonly HashSet<string> UnnamedMembers = new(StringComparer.Ordinal)
    {
        "GetAwaiter", "GetResult", "GetEnumerator", "GetAsyncEnumerator", "Current", "MoveNext", "MoveNextAsync",
        "Deconstruct", "Invoke", "Slice", "GetPinnableReference", "Create", "Add", "AppendFormatted", "AppendLiteral",
        "Select", "SelectMany", "Where", "Join", "GroupJoin", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending",
        "GroupBy", "Cast", "Dispose", "DisposeAsync",
    };

    private readonly LinkTypes _linkTypes;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _carries = new(ReferenceComparer.Instance);
    private readonly List<INamedTypeSymbol> _inProgress = new();
    private readonly object _gate = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private bool _unfiltered;

    private LinkEntryNames(LinkTypes linkTypes) => _linkTypes = linkTypes;

    /// <summary>
    /// The names of <paramref name="compilation"/> through which a link can enter a declaration: built once per
    /// compilation (a walk over the member signatures of the compilation and of the assemblies that can see the attribute).
    /// </summary>
    public static LinkEntryNames Of(Compilation compilation, LinkTypes linkTypes)
    {
        var names = new LinkEntryNames(linkTypes);
        lock (names._gate)
        {
            foreach (IAssemblySymbol assembly in linkTypes.AssembliesThatCanCarry)
            {
                names.AddNamesOf(assembly.GlobalNamespace, own: ReferenceEquals(assembly, compilation.Assembly));
            }
        }

        names.AddAliases(compilation);
        return names;
    }

    /// <summary>
    /// Whether the declaration made of <paramref name="blocks"/> cannot hold a link nor call a method of the compilation
    /// that returns one's text: then its operations need not be visited. When in doubt, <see langword="false"/>.
    /// </summary>
    public bool CannotHoldLink(ISymbol owner, ImmutableArray<IOperation> blocks)
    {
        if (_unfiltered || SignatureCarries(owner))
        {
            return false;
        }

        // Members of the containing types are read through an implicit `this` (an inherited generic member, an indexer).
        for (INamedTypeSymbol? type = owner.ContainingType; type is not null; type = type.ContainingType)
        {
            if (Carries(type))
            {
                return false;
            }
        }

        foreach (IOperation block in blocks)
        {
            foreach (SyntaxToken token in block.Syntax.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && _names.Contains(token.ValueText))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether a value of <paramref name="type"/> can be, hold or produce a link.</summary>
    public bool Carries(ITypeSymbol? type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return Carries(array.ElementType);
            case IPointerTypeSymbol pointer:
                return Carries(pointer.PointedAtType);
            case IFunctionPointerTypeSymbol function:
                return MethodCarries(function.Signature);
            case INamedTypeSymbol named:
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (Carries(argument))
                    {
                        return true;
                    }
                }

                return (named.ContainingType is { } outer && Carries(outer)) || DefinitionCarries(named.OriginalDefinition);
            default:
                return false; // type parameters, dynamic, error types
        }
    }

    private bool DefinitionCarries(INamedTypeSymbol definition)
    {
        if (_carries.TryGetValue(definition, out bool known))
        {
            return known;
        }

        // Only a type of an assembly that can see the attribute can mention a link other than by a type argument.
        if (!_linkTypes.CanCarryAttribute(definition.ContainingAssembly))
        {
            return false;
        }

        lock (_gate)
        {
            return Compute(definition, out _);
        }
    }

    // Types refer to each other in cycles: a type met again while it is being decided is assumed not to carry, and a
    // "no" that rests on such an assumption about a type still undecided is not kept (a "yes" always holds).
    private bool Compute(INamedTypeSymbol definition, out int assumedFrom)
    {
        assumedFrom = int.MaxValue;
        if (_carries.TryGetValue(definition, out bool known))
        {
            return known;
        }

        int depth = _inProgress.IndexOf(definition);
        if (depth >= 0)
        {
            assumedFrom = depth;
            return false;
        }

        depth = _inProgress.Count;
        _inProgress.Add(definition);
        bool answer;
        try
        {
            answer = ComputeDefinition(definition, ref assumedFrom);
        }
        finally
        {
            _inProgress.RemoveAt(depth);
        }

        if (answer || assumedFrom >= depth)
        {
            _carries[definition] = answer;
            assumedFrom = int.MaxValue;
        }

        return answer;
    }

    private bool ComputeDefinition(INamedTypeSymbol definition, ref int assumedFrom)
    {
        if (_linkTypes.IsLinkType(definition)
            || (definition.BaseType is { } baseType && CarriesWithin(baseType, ref assumedFrom)))
        {
            return true;
        }

        foreach (INamedTypeSymbol contract in definition.AllInterfaces)
        {
            if (CarriesWithin(contract, ref assumedFrom))
            {
                return true;
            }
        }

        foreach (ISymbol member in definition.GetMembers())
        {
            bool unnamed = member switch
            {
                IMethodSymbol method => method.MethodKind is MethodKind.UserDefinedOperator or MethodKind.Conversion or MethodKind.Constructor
                    or MethodKind.DelegateInvoke || UnnamedMembers.Contains(method.Name),
                IPropertySymbol property => property.IsIndexer || UnnamedMembers.Contains(property.Name),
                _ => false,
            };
            if (unnamed && MemberCarries(member, ref assumedFrom))
            {
                return true;
            }
        }

        return false;
    }

    // Carries, inside a computation under the gate: cycles are tracked instead of answered from the cache alone.
    private bool CarriesWithin(ITypeSymbol type, ref int assumedFrom)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return CarriesWithin(array.ElementType, ref assumedFrom);
            case IPointerTypeSymbol pointer:
                return CarriesWithin(pointer.PointedAtType, ref assumedFrom);
            case IFunctionPointerTypeSymbol function:
                return MemberCarries(function.Signature, ref assumedFrom);
            case INamedTypeSymbol named:
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (CarriesWithin(argument, ref assumedFrom))
                    {
                        return true;
                    }
                }

                if (named.ContainingType is { } outer && CarriesWithin(outer, ref assumedFrom))
                {
                    return true;
                }

                INamedTypeSymbol definition = named.OriginalDefinition;
                if (!_linkTypes.CanCarryAttribute(definition.ContainingAssembly))
                {
                    return false;
                }

                bool answer = Compute(definition, out int assumed);
                assumedFrom = Math.Min(assumedFrom, assumed);
                return answer;
            default:
                return false;
        }
    }

    private bool MemberCarries(ISymbol member, ref int assumedFrom)
    {
        switch (member)
        {
            case IMethodSymbol method:
                if (CarriesWithin(method.ReturnType, ref assumedFrom))
                {
                    return true;
                }

                foreach (IParameterSymbol parameter in method.Parameters)
                {
                    if (CarriesWithin(parameter.Type, ref assumedFrom))
                    {
                        return true;
                    }
                }

                return false;
            case IPropertySymbol property:
                if (CarriesWithin(property.Type, ref assumedFrom))
                {
                    return true;
                }

                foreach (IParameterSymbol parameter in property.Parameters)
                {
                    if (CarriesWithin(parameter.Type, ref assumedFrom))
                    {
                        return true;
                    }
                }

                return false;
            case IFieldSymbol field:
                return CarriesWithin(field.Type, ref assumedFrom);
            case IEventSymbol @event:
                return CarriesWithin(@event.Type, ref assumedFrom);
            default:
                return false;
        }
    }

    private bool MethodCarries(IMethodSymbol method)
    {
        lock (_gate)
        {
            int assumedFrom = int.MaxValue;
            return MemberCarries(method, ref assumedFrom);
        }
    }

    private bool SignatureCarries(ISymbol owner)
    {
        switch (owner)
        {
            case IMethodSymbol method:
                return MethodCarries(method) || (method.AssociatedSymbol is { } associated && SignatureCarries(associated));
            case IPropertySymbol or IFieldSymbol or IEventSymbol:
                lock (_gate)
                {
                    int assumedFrom = int.MaxValue;
                    return MemberCarries(owner, ref assumedFrom);
                }

            default:
                return true; // an owner of another kind: not skipped
        }
    }

    private void AddNamesOf(INamespaceSymbol space, bool own)
    {
        foreach (INamespaceOrTypeSymbol member in space.GetMembers())
        {
            if (member is INamespaceSymbol inner)
            {
                AddNamesOf(inner, own);
            }
            else if (member is INamedTypeSymbol type)
            {
                AddNamesOf(type, own);
            }
        }
    }

    private void AddNamesOf(INamedTypeSymbol type, bool own)
    {
        int assumedFrom = int.MaxValue;
        if (Compute(type, out _))
        {
            _names.Add(type.Name);

            // A type that is neither a class, a struct, an interface, an enum nor a delegate (an extension block) adds
            // its operators and unnamed members to types of its receiver's: not followed by name, so nothing is skipped.
            _unfiltered |= type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface or TypeKind.Enum or TypeKind.Delegate);
        }

        foreach (ISymbol member in type.GetMembers())
        {
            switch (member)
            {
                case INamedTypeSymbol nested:
                    AddNamesOf(nested, own);
                    break;
                case IMethodSymbol method when method.MethodKind is MethodKind.Ordinary or MethodKind.Constructor:
                    if (MemberCarries(method, ref assumedFrom))
                    {
                        _names.Add(method.Name);

                        // An extension GetAwaiter, GetEnumerator, Deconstruct, Select... is called without its name.
                        _unfiltered |= method.IsExtensionMethod && UnnamedMembers.Contains(method.Name);
                    }

                    // A primary constructor's parameters are read by name in the other members.
                    if (method.MethodKind == MethodKind.Constructor)
                    {
                        foreach (IParameterSymbol parameter in method.Parameters)
                        {
                            if (CarriesWithin(parameter.Type, ref assumedFrom))
                            {
                                _names.Add(parameter.Name);
                            }
                        }
                    }

                    // A method of the compilation that may return a link's text: its callers are walked, where the
                    // call summaries decide (CallSummaries.Produces).
                    if (own && method.MethodKind == MethodKind.Ordinary && !method.DeclaringSyntaxReferences.IsEmpty
                        && (LinkValueTracker.CanCarry(method.ReturnType) || HasOutOrRef(method)))
                    {
                        _names.Add(method.Name);
                    }

                    break;
                case IPropertySymbol or IFieldSymbol or IEventSymbol:
                    if (MemberCarries(member, ref assumedFrom))
                    {
                        _names.Add(member.Name);
                    }

                    break;
            }
        }
    }

    private static bool HasOutOrRef(IMethodSymbol method)
    {
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            if (parameter.RefKind is RefKind.Out or RefKind.Ref)
            {
                return true;
            }
        }

        return false;
    }

    // Every alias of the compilation, whatever it names (no binding needed): an alias can name a link type in any file.
    private void AddAliases(Compilation compilation)
    {
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            if (tree.GetRoot() is CompilationUnitSyntax unit)
            {
                AddAliases(unit.Usings, unit.Members);
            }
        }
    }

    private void AddAliases(SyntaxList<UsingDirectiveSyntax> usings, SyntaxList<MemberDeclarationSyntax> members)
    {
        foreach (UsingDirectiveSyntax directive in usings)
        {
            if (directive.Alias is { } alias)
            {
                _names.Add(alias.Name.Identifier.ValueText);
            }
        }

        foreach (MemberDeclarationSyntax member in members)
        {
            if (member is BaseNamespaceDeclarationSyntax space)
            {
                AddAliases(space.Usings, space.Members);
            }
        }
    }
}
