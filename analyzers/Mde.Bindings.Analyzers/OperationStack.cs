using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>
/// The pending operations of a walk over operation trees, without recursion: a generated 5,000-term concatenation is
/// 5,000 levels deep. The walk visits every operation of every declaration analyzed, so it is kept cheap: slots are
/// structs (a store into an array of an interface type costs a covariance check), and the array is rented from the
/// thread, so that a walk allocates nothing (a collection triggered in a callback is counted as the analyzer's time).
/// </summary>
internal struct OperationStack
{
    [ThreadStatic]
    private static Slot[]? t_spare;

    private Slot[] _slots;
    private int _count;

    private OperationStack(Slot[] slots)
    {
        _slots = slots;
        _count = 0;
    }

    /// <summary>An empty stack, on the thread's spare array when it is free. Give it back with <see cref="Return"/>.</summary>
    public static OperationStack Rent()
    {
        Slot[]? spare = t_spare;
        t_spare = null; // a walk started inside another walk gets an array of its own
        return new OperationStack(spare ?? new Slot[64]);
    }

    public void Return()
    {
        // Popped slots were cleared as they went; a walk that stopped early leaves some: the spare keeps no operation
        // (and so no compilation) alive.
        Array.Clear(_slots, 0, _count);
        t_spare = _slots;
        _slots = null!;
        _count = 0;
    }

    public void Push(IOperation operation)
    {
        if (_count == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        _slots[_count++].Operation = operation;
    }

    public void PushIfAny(IOperation? operation)
    {
        if (operation is not null)
        {
            Push(operation);
        }
    }

    /// <summary>Pushes the arguments' values: an argument is untyped, and its value its only child.</summary>
    public void PushValues(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (IArgumentOperation argument in arguments)
        {
            Push(argument.Value);
        }
    }

    /// <summary>Pushes the operations in their order: they pop last first.</summary>
    public void PushAll<T>(ImmutableArray<T> operations)
        where T : IOperation
    {
        foreach (IOperation operation in operations)
        {
            Push(operation);
        }
    }

    /// <summary>Pushes the operations last first: they pop in their order.</summary>
    public void PushAllReversed(ImmutableArray<IOperation> operations)
    {
        for (int i = operations.Length - 1; i >= 0; i--)
        {
            Push(operations[i]);
        }
    }

    public void PushChildren(IOperation operation)
    {
        foreach (IOperation child in operation.ChildOperations)
        {
            Push(child);
        }
    }

    /// <summary>How many operations are pending.</summary>
    public readonly int Count => _count;

    /// <summary>Reverses the operations pushed since there were <paramref name="count"/>: they then pop in the order they were pushed.</summary>
    public void Reverse(int count) => Array.Reverse(_slots, count, _count - count);

    public bool TryPop(out IOperation operation)
    {
        if (_count == 0)
        {
            operation = null!;
            return false;
        }

        ref Slot slot = ref _slots[--_count];
        operation = slot.Operation;
        slot.Operation = null!;
        return true;
    }

    private struct Slot
    {
        public IOperation Operation;
    }
}
