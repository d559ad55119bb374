using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// Answers "is this a link type?" for one compilation: a type marked <c>[Mde.Bindings.ConsumeImmediately]</c>,
/// directly, through a base class or through an interface. Keyed on the attribute, never on names, so every
/// link type a spec produces is covered. Answers are cached per generic definition, by reference.
/// </summary>
internal sealed class LinkTypes
{
    public const string AttributeMetadataName = "Mde.Bindings.ConsumeImmediatelyAttribute";

    private static readonly char[] PathSeparators = { '/', '\\' };

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _answers = new(ReferenceComparer.Instance);
    private Scope? _scope;

    private LinkTypes(Compilation compilation) => _compilation = compilation;

    /// <summary>
    /// The link types of <paramref name="compilation"/>, or <see langword="null"/> when the attribute cannot be there
    /// (no Mde.Bindings reference, no such type in the sources): then nothing is analyzed. This check reads the names of
    /// the reference files only; the attribute itself is looked up on first need, when the compiler has bound the
    /// references for its own work.
    /// </summary>
    public static LinkTypes? TryCreate(Compilation compilation)
    {
        // Not the referenced assemblies' identities: asking for them binds every reference and builds the declaration
        // table of all sources, work the compiler does anyway but that the analyzer driver charges to whoever asks first.
        foreach (MetadataReference reference in compilation.ExternalReferences)
        {
            // A reference whose name does not show (an image in memory) may be one: the attribute lookup decides then.
            if (AssemblyNameOf(reference) is not { } name || name.StartsWith("Mde.Bindings", System.StringComparison.Ordinal))
            {
                return new LinkTypes(compilation);
            }
        }

        return compilation.ContainsSymbolsWithName("ConsumeImmediatelyAttribute", SymbolFilter.Type) ? new LinkTypes(compilation) : null;
    }

    /// <summary>A reference's assembly name, as far as it shows without reading it: a project's, or its file's name (Mde.Bindings.dll).</summary>
    private static string? AssemblyNameOf(MetadataReference reference)
    {
        switch (reference)
        {
            case CompilationReference project:
                return project.Compilation.AssemblyName;
            case PortableExecutableReference { FilePath: { } path }:
                return path.Substring(path.LastIndexOfAny(PathSeparators) + 1);
            default:
                return null;
        }
    }

    /// <summary>Whether the compilation has the attribute at all: when it has not, no type is a link type.</summary>
    public bool IsPresent => Resolved.Attribute is not null;

    private Scope Resolved
    {
        get
        {
            if (Volatile.Read(ref _scope) is { } scope)
            {
                return scope;
            }

            // Two threads may resolve at once: both find the same answer, and the first one stored is kept.
            Interlocked.CompareExchange(ref _scope, Scope.Of(_compilation), null);
            return _scope!;
        }
    }

    /// <summary>
    /// Whether any operation under <paramref name="root"/> (lambdas and local functions included) has a link type, or is
    /// a call that <paramref name="producers"/> says returns a link's text. Every value the rules follow starts at such an
    /// operation (a parameter, a local, a call, an <c>await</c>, a member read, a creation, a cast), so a block without
    /// one has nothing to report: the usual case, decided by a walk that reads types only and stops at the first link.
    /// </summary>
    public bool OccursIn(IOperation root, CallSummaries? producers = null)
    {
        OperationStack pending = OperationStack.Rent();
        try
        {
            pending.Push(root);
            var notLinks = default(RecentTypes);
            while (pending.TryPop(out IOperation operation))
            {
                // The common kinds read their type and their children through their own interface: such a call site sees
                // one class of operation and is called directly, where a call site shared by all kinds is a lookup and a
                // mispredicted jump per operation (between two declarations the processor runs the other analyzers' code).
                ITypeSymbol? type;
                switch (operation.Kind)
                {
                    case OperationKind.Literal:
                    case OperationKind.InstanceReference:
                        // Never a link (a string, a number, null), or `this`, whose type is that of the code analyzed:
                        // nothing is reported in a link type's own code. Neither has children.
                        continue;

                    // Untyped, or typed as an assignment's target, which is visited: only their children are.
                    case OperationKind.Argument:
                        pending.Push(((IArgumentOperation)operation).Value);
                        continue;
                    case OperationKind.Block:
                        // Statements in the order of the code: a link is obtained before it is used, so a declaration
                        // that holds one is decided at the statement that obtains it.
                        pending.PushAllReversed(((IBlockOperation)operation).Operations);
                        continue;
                    case OperationKind.ExpressionStatement:
                        pending.Push(((IExpressionStatementOperation)operation).Operation);
                        continue;
                    case OperationKind.Return:
                        pending.PushIfAny(((IReturnOperation)operation).ReturnedValue);
                        continue;
                    case OperationKind.VariableDeclarationGroup:
                        pending.PushAll(((IVariableDeclarationGroupOperation)operation).Declarations);
                        continue;
                    case OperationKind.VariableDeclaration:
                        var declaration = (IVariableDeclarationOperation)operation;
                        pending.PushAll(declaration.IgnoredDimensions);
                        pending.PushAll(declaration.Declarators);
                        pending.PushIfAny(declaration.Initializer);
                        continue;
                    case OperationKind.VariableDeclarator:
                        var declarator = (IVariableDeclaratorOperation)operation;
                        pending.PushAll(declarator.IgnoredArguments);
                        pending.PushIfAny(declarator.Initializer);
                        continue;
                    case OperationKind.VariableInitializer:
                        pending.Push(((IVariableInitializerOperation)operation).Value);
                        continue;
                    case OperationKind.MethodBody:
                        var body = (IMethodBodyOperation)operation;
                        pending.PushIfAny(body.BlockBody);
                        pending.PushIfAny(body.ExpressionBody);
                        continue;
                    case OperationKind.FieldInitializer:
                        pending.Push(((IFieldInitializerOperation)operation).Value);
                        continue;
                    case OperationKind.SimpleAssignment:
                        var assignment = (ISimpleAssignmentOperation)operation;
                        pending.Push(assignment.Target);
                        pending.Push(assignment.Value);
                        continue;
                    case OperationKind.CompoundAssignment:
                    case OperationKind.CoalesceAssignment:
                        pending.PushChildren(operation);
                        continue;

                    case OperationKind.LocalReference:
                        type = ((ILocalReferenceOperation)operation).Type;
                        break;
                    case OperationKind.ParameterReference:
                        type = ((IParameterReferenceOperation)operation).Type;
                        break;
                    case OperationKind.Invocation:
                        var invocation = (IInvocationOperation)operation;
                        if (producers is not null && producers.Produces(invocation))
                        {
                            // A call to a method of the compilation that returns a link's text (or hands it back) is a source too.
                            return true;
                        }

                        type = invocation.Type;
                        pending.PushIfAny(invocation.Instance);
                        pending.PushValues(invocation.Arguments);
                        break;
                    case OperationKind.Conversion:
                        var conversion = (IConversionOperation)operation;
                        type = conversion.Type;
                        pending.Push(conversion.Operand);
                        break;
                    case OperationKind.FieldReference:
                        var field = (IFieldReferenceOperation)operation;
                        type = field.Type;
                        pending.PushIfAny(field.Instance);
                        break;
                    case OperationKind.PropertyReference:
                        var property = (IPropertyReferenceOperation)operation;
                        type = property.Type;
                        pending.PushIfAny(property.Instance);
                        pending.PushValues(property.Arguments);
                        break;
                    case OperationKind.Await:
                        var awaited = (IAwaitOperation)operation;
                        type = awaited.Type;
                        pending.Push(awaited.Operation);
                        break;
                    case OperationKind.Binary:
                        var binary = (IBinaryOperation)operation;
                        type = binary.Type;
                        pending.Push(binary.LeftOperand);
                        pending.Push(binary.RightOperand);
                        break;
                    default:
                        type = operation.Type;
                        pending.PushChildren(operation);
                        break;
                }

                if (IsNewLinkType(type, ref notLinks))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            pending.Return();
        }
    }

    // A declaration uses few type definitions, though each operation has a type object of its own: the definitions found
    // not to be links are remembered for the rest of the walk.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsNewLinkType(ITypeSymbol? candidate, ref RecentTypes notLinks)
    {
        if (candidate is not { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface, SpecialType: SpecialType.None } || candidate is not INamedTypeSymbol type)
        {
            return false;
        }

        INamedTypeSymbol definition = type.OriginalDefinition;
        if (notLinks.Contains(definition))
        {
            return false;
        }

        if (IsLinkType(type, definition))
        {
            return true;
        }

        // Nullable<T> is a link when T is one: its answer depends on more than its definition.
        if (definition.SpecialType != SpecialType.System_Nullable_T)
        {
            notLinks.Add(definition);
        }

        return false;
    }

    public bool IsLinkType(ITypeSymbol? type)
    {
        // Strings, primitives, object, arrays, type parameters and delegates are never links: the common answer, without a
        // lookup. The kind first: it needs no type test (only classes, structs and interfaces are named types here).
        TypeKind kind = type?.TypeKind ?? TypeKind.Unknown;
        return kind is TypeKind.Class or TypeKind.Struct or TypeKind.Interface && type!.SpecialType == SpecialType.None && type is INamedTypeSymbol named
            && IsLinkType(named, named.OriginalDefinition);
    }

    private bool IsLinkType(INamedTypeSymbol type, INamedTypeSymbol definition)
    {
        if (definition.SpecialType == SpecialType.System_Nullable_T)
        {
            return IsLinkType(type.TypeArguments[0]);
        }

        // Asked for nearly every operation of the code analyzed: answered once per definition and compilation, by
        // reference (a definition has one symbol object), before the walk up to its assembly that the first answer needs.
        if (_answers.TryGetValue(definition, out bool known))
        {
            return known;
        }

        // Only a type whose assembly can see the attribute can carry it, or derive from or implement a type that does:
        // the framework's types are answered by comparing their assembly with two or three others.
        Scope scope = Resolved;
        bool answer = scope.Attribute is { } attribute && scope.CanSeeAttribute(definition.ContainingAssembly) && IsMarked(definition, attribute);
        _answers.TryAdd(definition, answer);
        return answer;
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

    /// <summary>The attribute, and the assemblies whose types can carry it: looked up once, on first need.</summary>
    private sealed class Scope
    {
        private readonly ImmutableArray<IAssemblySymbol> _assemblies;

        private Scope(INamedTypeSymbol? attribute, ImmutableArray<IAssemblySymbol> assemblies)
        {
            Attribute = attribute;
            _assemblies = assemblies;
        }

        public INamedTypeSymbol? Attribute { get; }

        public static Scope Of(Compilation compilation)
        {
            if (Find(compilation) is not { } attribute)
            {
                return new Scope(null, ImmutableArray<IAssemblySymbol>.Empty);
            }

            // The compilation, the attribute's assembly, and the references that reference the attribute's assembly: a
            // type of any other assembly can neither carry the attribute nor derive from or implement a type that does
            // (a type whose assembly is not referenced at all is an error type, never a link).
            ImmutableArray<IAssemblySymbol>.Builder assemblies = ImmutableArray.CreateBuilder<IAssemblySymbol>();
            assemblies.Add(compilation.Assembly);
            IAssemblySymbol home = attribute.ContainingAssembly;
            foreach (IAssemblySymbol referenced in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (SymbolEqualityComparer.Default.Equals(referenced, home) || References(referenced, home))
                {
                    assemblies.Add(referenced);
                }
            }

            return new Scope(attribute, assemblies.ToImmutable());
        }

        // By the names of its references first (read from metadata, no symbols made): the framework's assemblies, most of
        // the list, never name the attribute's assembly.
        private static bool References(IAssemblySymbol assembly, IAssemblySymbol target)
        {
            foreach (IModuleSymbol module in assembly.Modules)
            {
                foreach (AssemblyIdentity identity in module.ReferencedAssemblies)
                {
                    if (string.Equals(identity.Name, target.Name, System.StringComparison.OrdinalIgnoreCase) && ReferencesSymbol(module, target))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        // By reference: a compilation has one symbol object per assembly (only types have one object per nullability),
        // and this runs for nearly every operation of the code analyzed.
        public bool CanSeeAttribute(IAssemblySymbol? assembly)
        {
            foreach (IAssemblySymbol candidate in _assemblies)
            {
                if (ReferenceEquals(candidate, assembly))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ReferencesSymbol(IModuleSymbol module, IAssemblySymbol target)
        {
            foreach (IAssemblySymbol referenced in module.ReferencedAssemblySymbols)
            {
                if (SymbolEqualityComparer.Default.Equals(referenced, target))
                {
                    return true;
                }
            }

            return false;
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
    }
}
