using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Tests.Infrastructure;

/// <summary>Spec text with the expected diagnostic span marked as <c>[|…|]</c>, the convention of Roslyn's own tests.</summary>
internal static class MarkedText
{
    public static (string Text, TextSpan Span) Parse(string marked)
    {
        int start = marked.IndexOf("[|", StringComparison.Ordinal);
        int end = marked.IndexOf("|]", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new ArgumentException("Mark the expected span with [| and |].", nameof(marked));
        }

        string text = marked.Remove(end, 2).Remove(start, 2);
        return (text, TextSpan.FromBounds(start, end - 2));
    }
}
