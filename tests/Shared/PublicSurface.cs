using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Mde.Bindings.Testing;

/// <summary>
/// The public surface of a built assembly, read from its metadata (nothing is loaded or run): the exported types,
/// those a user sees in IntelliSense (not <c>[EditorBrowsable(Never)]</c>), and the public members. Linked into the
/// test projects of the packed assemblies; the counts (exported types, browsable types, public members) come
/// from here.
/// </summary>
internal sealed class PublicSurface
{
    private PublicSurface(ImmutableArray<SurfaceType> types) => Types = types;

    /// <summary>Every exported type: public, or a public/protected nested type of an exported type.</summary>
    public ImmutableArray<SurfaceType> Types { get; }

    /// <summary>The exported types a user sees in IntelliSense.</summary>
    public IEnumerable<SurfaceType> BrowsableTypes => Types.Where(type => type.IsBrowsable);

    /// <summary>
    /// Public and protected members of the exported types: methods (constructors and operators included; property and
    /// event accessors counted once, as their property or event), properties, events and fields (enum values included).
    /// </summary>
    public int MemberCount => Types.Sum(type => type.MemberCount);

    /// <summary>One line: <c>exported N, browsable N, public members N</c>.</summary>
    public override string ToString() =>
        $"exported types {Types.Length}, browsable types {BrowsableTypes.Count()}, public members {MemberCount}";

    /// <summary>Reads the assembly at <paramref name="path"/>.</summary>
    public static PublicSurface Read(string path)
    {
        using FileStream file = File.OpenRead(path);
        using PEReader pe = new(file);
        MetadataReader reader = pe.GetMetadataReader();
        ImmutableArray<SurfaceType>.Builder types = ImmutableArray.CreateBuilder<SurfaceType>();
        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            TypeDefinition type = reader.GetTypeDefinition(handle);
            if (IsExported(reader, type))
            {
                types.Add(Describe(reader, type));
            }
        }

        return new PublicSurface(types.ToImmutable());
    }

    private static bool IsExported(MetadataReader reader, TypeDefinition type)
    {
        TypeAttributes visibility = type.Attributes & TypeAttributes.VisibilityMask;
        if (visibility == TypeAttributes.Public)
        {
            return true;
        }

        bool nestedVisible = visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem;
        return nestedVisible && IsExported(reader, reader.GetTypeDefinition(type.GetDeclaringType()));
    }

    private static SurfaceType Describe(MetadataReader reader, TypeDefinition type)
    {
        string name = reader.GetString(type.Name);
        string ns = reader.GetString(type.Namespace);
        for (TypeDefinitionHandle outer = type.GetDeclaringType(); !outer.IsNil; outer = reader.GetTypeDefinition(outer).GetDeclaringType())
        {
            TypeDefinition outerType = reader.GetTypeDefinition(outer);
            name = reader.GetString(outerType.Name) + "." + name;
            ns = reader.GetString(outerType.Namespace);
        }

        bool sealedType = (type.Attributes & TypeAttributes.Sealed) != 0;
        int members = type.GetMethods().Count(handle => IsVisibleMethodMember(reader, reader.GetMethodDefinition(handle), sealedType))
            + type.GetFields().Count(handle => IsVisible(reader.GetFieldDefinition(handle).Attributes & FieldAttributes.FieldAccessMask, sealedType))
            + type.GetProperties().Count(handle => HasVisibleAccessor(reader, reader.GetPropertyDefinition(handle).GetAccessors(), sealedType))
            + type.GetEvents().Count(handle => IsVisibleMethod(reader.GetMethodDefinition(reader.GetEventDefinition(handle).GetAccessors().Adder), sealedType));
        return new SurfaceType(ns, name, IsHidden(reader, type.GetCustomAttributes()), members);
    }

    private static bool HasVisibleAccessor(MetadataReader reader, PropertyAccessors accessors, bool sealedType) =>
        (!accessors.Getter.IsNil && IsVisibleMethod(reader.GetMethodDefinition(accessors.Getter), sealedType))
        || (!accessors.Setter.IsNil && IsVisibleMethod(reader.GetMethodDefinition(accessors.Setter), sealedType));

    // Accessors are counted through their property or event; everything else with a special name (.ctor, op_*) counts.
    private static bool IsVisibleMethod(MethodDefinition method, bool sealedType) =>
        IsVisible((FieldAttributes)(int)(method.Attributes & MethodAttributes.MemberAccessMask), sealedType);

    private static bool IsVisibleMethodMember(MetadataReader reader, MethodDefinition method, bool sealedType)
    {
        string name = reader.GetString(method.Name);
        bool accessor = (method.Attributes & MethodAttributes.SpecialName) != 0
            && (name.StartsWith("get_", StringComparison.Ordinal) || name.StartsWith("set_", StringComparison.Ordinal)
                || name.StartsWith("add_", StringComparison.Ordinal) || name.StartsWith("remove_", StringComparison.Ordinal));
        return !accessor && IsVisibleMethod(method, sealedType);
    }

    // FieldAttributes and MethodAttributes share the access values (Public 6, Family 4, FamORAssem 5).
    private static bool IsVisible(FieldAttributes access, bool sealedType) =>
        access == FieldAttributes.Public || (!sealedType && access is FieldAttributes.Family or FieldAttributes.FamORAssem);

    private static bool IsHidden(MetadataReader reader, CustomAttributeHandleCollection attributes)
    {
        foreach (CustomAttributeHandle handle in attributes)
        {
            CustomAttribute attribute = reader.GetCustomAttribute(handle);
            if (AttributeTypeName(reader, attribute) != "System.ComponentModel.EditorBrowsableAttribute")
            {
                continue;
            }

            // The blob: prolog 0x0001, then the int32 EditorBrowsableState; Never is 1.
            BlobReader value = reader.GetBlobReader(attribute.Value);
            return value.ReadUInt16() == 1 && value.ReadInt32() == 1;
        }

        return false;
    }

    private static string AttributeTypeName(MetadataReader reader, CustomAttribute attribute)
    {
        EntityHandle type = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return type.Kind switch
        {
            HandleKind.TypeReference => reader.GetString(reader.GetTypeReference((TypeReferenceHandle)type).Namespace) + "."
                + reader.GetString(reader.GetTypeReference((TypeReferenceHandle)type).Name),
            HandleKind.TypeDefinition => reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type).Namespace) + "."
                + reader.GetString(reader.GetTypeDefinition((TypeDefinitionHandle)type).Name),
            _ => string.Empty,
        };
    }
}

/// <summary>One exported type: its namespace and name (outer types first), whether IntelliSense hides it, its public members.</summary>
internal sealed record SurfaceType(string Namespace, string Name, bool IsHidden, int MemberCount)
{
    /// <summary>Namespace and name.</summary>
    public string FullName => Namespace.Length == 0 ? Name : Namespace + "." + Name;

    /// <summary>Shown in IntelliSense: not marked <c>[EditorBrowsable(EditorBrowsableState.Never)]</c>.</summary>
    public bool IsBrowsable => !IsHidden;
}
