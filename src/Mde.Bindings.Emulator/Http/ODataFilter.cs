using System.Globalization;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Http;

/// <summary>
/// The part of OData <c>$filter</c> the list operation supports: <c>eq</c> and <c>ne</c> on <c>id</c>,
/// <c>status</c>, <c>machineId</c>, <c>type</c> and <c>requestor</c>; <c>eq</c>, <c>ne</c>, <c>gt</c>, <c>ge</c>,
/// <c>lt</c> and <c>le</c> on <c>creationDateTimeUtc</c>; joined with <c>and</c>, <c>or</c>, <c>not</c> and parentheses.
/// </summary>
internal sealed class ODataFilter
{
    private static readonly string[] StringFields = ["id", "status", "machineId", "type", "requestor"];
    private const string DateField = "creationDateTimeUtc";

    private readonly List<string> _tokens;
    private int _position;

    private ODataFilter(List<string> tokens)
    {
        _tokens = tokens;
    }

    /// <exception cref="FormatException">The filter is not one the emulator understands; the message says why.</exception>
    public static Func<MachineAction, bool> Parse(string filter)
    {
        var parser = new ODataFilter(Tokenize(filter));
        Func<MachineAction, bool> predicate = parser.ParseOr();
        if (parser._position != parser._tokens.Count)
        {
            throw new FormatException($"Unexpected '{parser._tokens[parser._position]}' in $filter.");
        }

        return predicate;
    }

    private Func<MachineAction, bool> ParseOr()
    {
        Func<MachineAction, bool> left = ParseAnd();
        while (Accept("or"))
        {
            Func<MachineAction, bool> first = left;
            Func<MachineAction, bool> second = ParseAnd();
            left = a => first(a) || second(a);
        }

        return left;
    }

    private Func<MachineAction, bool> ParseAnd()
    {
        Func<MachineAction, bool> left = ParseUnary();
        while (Accept("and"))
        {
            Func<MachineAction, bool> first = left;
            Func<MachineAction, bool> second = ParseUnary();
            left = a => first(a) && second(a);
        }

        return left;
    }

    private Func<MachineAction, bool> ParseUnary()
    {
        if (Accept("not"))
        {
            Func<MachineAction, bool> inner = ParseUnary();
            return a => !inner(a);
        }

        if (Accept("("))
        {
            Func<MachineAction, bool> inner = ParseOr();
            if (!Accept(")"))
            {
                throw new FormatException("A '(' in $filter is not closed.");
            }

            return inner;
        }

        return ParseComparison();
    }

    private Func<MachineAction, bool> ParseComparison()
    {
        string field = Next("a property name");
        string op = Next("an operator").ToLowerInvariant();
        string literal = Next("a value");
        if (field == DateField)
        {
            string text = literal.StartsWith('\'') ? Unquote(literal) : literal;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset value))
            {
                throw new FormatException($"'{literal}' is not a date and time such as 2024-01-31T00:00:00Z.");
            }

            Func<int, bool> test = op switch
            {
                "eq" => c => c == 0,
                "ne" => c => c != 0,
                "gt" => c => c > 0,
                "ge" => c => c >= 0,
                "lt" => c => c < 0,
                "le" => c => c <= 0,
                _ => throw new FormatException($"Unknown operator '{op}': use eq, ne, gt, ge, lt or le."),
            };
            return a => a.CreationDateTimeUtc is { } created && test(created.CompareTo(value));
        }

        if (!StringFields.Contains(field, StringComparer.Ordinal))
        {
            throw new FormatException($"$filter cannot use '{field}': use id, status, machineId, type, requestor or creationDateTimeUtc.");
        }

        if (!literal.StartsWith('\''))
        {
            throw new FormatException($"Compare {field} with a quoted string such as '{literal}'.");
        }

        string expected = Unquote(literal);
        bool negate = op switch
        {
            "eq" => false,
            "ne" => true,
            _ => throw new FormatException($"{field} supports eq and ne, not '{op}'."),
        };
        return a => string.Equals(Read(a, field), expected, StringComparison.OrdinalIgnoreCase) != negate;
    }

    private static string? Read(MachineAction action, string field) => field switch
    {
        "id" => action.Id,
        "status" => action.Status.ToString(),
        "machineId" => action.MachineId,
        "type" => action.Type.ToString(),
        _ => action.Requestor,
    };

    private bool Accept(string token)
    {
        if (_position < _tokens.Count && string.Equals(_tokens[_position], token, StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return true;
        }

        return false;
    }

    private string Next(string what) =>
        _position < _tokens.Count ? _tokens[_position++] : throw new FormatException($"$filter ends where {what} was expected.");

    private static string Unquote(string literal)
    {
        if (literal.Length < 2 || !literal.EndsWith('\''))
        {
            throw new FormatException($"The string {literal} in $filter is not closed.");
        }

        return literal[1..^1].Replace("''", "'", StringComparison.Ordinal);
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '\'')
            {
                int end = i + 1;
                while (end < text.Length && (text[end] != '\'' || (end + 1 < text.Length && text[end + 1] == '\'')))
                {
                    end += text[end] == '\'' ? 2 : 1;
                }

                end = Math.Min(end, text.Length - 1);
                tokens.Add(text[i..(end + 1)]);
                i = end + 1;
            }
            else
            {
                int end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]) && text[end] is not '(' and not ')')
                {
                    end++;
                }

                tokens.Add(text[i..end]);
                i = end;
            }
        }

        return tokens;
    }
}
