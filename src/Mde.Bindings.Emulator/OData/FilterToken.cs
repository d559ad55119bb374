namespace Mde.Bindings.Emulator.OData;

/// <summary>The kinds of token in a <c>$filter</c> expression.</summary>
internal enum FilterTokenKind
{
    /// <summary>A property name or a keyword (and, or, not, eq, in, null, true, ...).</summary>
    Word,

    /// <summary>A quoted string, its quotes removed and doubled quotes undone.</summary>
    String,

    /// <summary>An unquoted literal that is not a word: a number, a date and time, or a GUID.</summary>
    Literal,

    OpenParen,
    CloseParen,
    Comma,
}

/// <summary>One token and where it starts (for messages).</summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string word) => Kind == FilterTokenKind.Word && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => Kind == FilterTokenKind.String ? $"'{Text}'" : Text;
}
