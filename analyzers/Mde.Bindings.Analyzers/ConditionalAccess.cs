using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Mde.Bindings.Analyzers;

/// <summary>Resolves the receiver of <c>?.</c>: the placeholder operation stands for the expression left of the operator.</summary>
internal static class ConditionalAccess
{
    public static IOperation? ReceiverOf(IConditionalAccessInstanceOperation placeholder)
    {
        IOperation child = placeholder;
        for (IOperation? parent = placeholder.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && access.WhenNotNull == child)
            {
                return access.Operation;
            }
        }

        return null;
    }
}
