using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>Where a written value ends up, judged by the variable at the root of the target (<c>a</c> in <c>a.b[i].c</c>).</summary>
internal enum StorageRootKind
{
    /// <summary>A local of the method: not a store by itself; the local carries the value on.</summary>
    Local,

    /// <summary>The object being built by an object or collection initializer: the creation expression carries the value on.</summary>
    Initializer,

    /// <summary>A parameter's object: the caller's storage.</summary>
    Parameter,

    /// <summary>The current instance (<c>this</c>): a field or property of the object.</summary>
    Instance,

    /// <summary>A static field or property.</summary>
    Static,

    /// <summary>Anything else (a method's result, an element of something): treated as storage.</summary>
    Other,
}

/// <summary>The root variable of an assignment target or of a collection a value is added to.</summary>
internal readonly struct StorageRoot
{
    private StorageRoot(StorageRootKind kind, ILocalSymbol? local, IParameterSymbol? parameter = null)
    {
        Kind = kind;
        Local = local;
        Parameter = parameter;
    }

    public StorageRootKind Kind { get; }

    /// <summary>The local at the root, when <see cref="Kind"/> is <see cref="StorageRootKind.Local"/>.</summary>
    public ILocalSymbol? Local { get; }

    /// <summary>The parameter at the root, when <see cref="Kind"/> is <see cref="StorageRootKind.Parameter"/>.</summary>
    public IParameterSymbol? Parameter { get; }

    /// <summary>Whether writing here keeps the value beyond the current method.</summary>
    public bool IsStorage => Kind is StorageRootKind.Parameter or StorageRootKind.Instance or StorageRootKind.Static or StorageRootKind.Other;

    public static StorageRoot Of(IOperation? target)
    {
        // Switch on the kind (one virtual call), not on interface types (a type check per case): this runs per store.
        IOperation? current = target;
        while (current is not null)
        {
            switch (current.Kind)
            {
                case OperationKind.LocalReference:
                    return new StorageRoot(StorageRootKind.Local, ((ILocalReferenceOperation)current).Local);
                case OperationKind.ParameterReference:
                    return new StorageRoot(StorageRootKind.Parameter, null, ((IParameterReferenceOperation)current).Parameter);
                case OperationKind.InstanceReference:
                    return new StorageRoot(
                        ((IInstanceReferenceOperation)current).ReferenceKind == InstanceReferenceKind.ImplicitReceiver ? StorageRootKind.Initializer : StorageRootKind.Instance, null);
                case OperationKind.FieldReference:
                case OperationKind.PropertyReference:
                case OperationKind.EventReference:
                case OperationKind.MethodReference:
                    var member = (IMemberReferenceOperation)current;
                    if (member.Instance is null || member.Member.IsStatic)
                    {
                        return new StorageRoot(StorageRootKind.Static, null);
                    }

                    current = member.Instance;
                    break;
                case OperationKind.ArrayElementReference:
                    current = ((IArrayElementReferenceOperation)current).ArrayReference;
                    break;
                case OperationKind.Conversion:
                    current = ((IConversionOperation)current).Operand;
                    break;
                case OperationKind.ConditionalAccessInstance:
                    current = ConditionalAccess.ReceiverOf((IConditionalAccessInstanceOperation)current);
                    break;
                default:
                    return new StorageRoot(StorageRootKind.Other, null);
            }
        }

        return new StorageRoot(StorageRootKind.Other, null);
    }
}
