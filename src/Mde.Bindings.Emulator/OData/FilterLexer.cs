namespace Mde.Bindings.Emulator.OData;

/// <summary>Splits a <c>$filter</c> expression into tokens (OData 4.01 URL conventions, section 5.1.1).</summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        var tokens = new List<FilterToken>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(new(c switch { '(' => FilterTokenKind.OpenParen, ')' => FilterTokenKind.CloseParen, _ => FilterTokenKind.Comma }, c.ToString(), i));
                i++;
            }
            else if (c == '\'')
            {
                tokens.Add(ReadString(text, ref i));
            }
            else
            {
                int start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not '(' and not ')' and not ',' and not '\'')
                {
                    i++;
                }

                string word = text[start..i];
                bool isName = char.IsLetter(word[0]) || word[0] == '_';

                // A GUID such as 5382f7ea-7557-... starts with a letter or a digit: it is a literal, not a name.
                tokens.Add(new(isName && !Guid.TryParseExact(word, "D", out _) ? FilterTokenKind.Word : FilterTokenKind.Literal, word, start));
            }
        }

        return tokens;
    }

    private static FilterToken ReadString(string text, ref int i)
    {
        int start = i;
        var value = new System.Text.StringBuilder();
        i++;
        while (i < text.Length)
        {
            if (text[i] == '\'')
            {
                if (i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i += 2;
                    continue;
                }

                i++;
                return new(FilterTokenKind.String, value.ToString(), start);
            }

            value.Append(text[i]);
            i++;
        }

        throw new ODataQueryException($"The string literal that starts at position {start} in $filter is not closed with a quote.");
    }
}
