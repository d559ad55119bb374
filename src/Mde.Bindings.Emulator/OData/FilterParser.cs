using System.Globalization;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.OData;

/// <summary>
/// Parses the <c>$filter</c> forms peers send into a test on machine actions: comparisons (<c>eq ne gt ge lt le</c>),
/// <c>in (...)</c>, <c>and</c>, <c>or</c>, <c>not</c> and parentheses, with string, date-time, number, GUID and null
/// literals; keywords and property names in any case.
/// </summary>
internal sealed class FilterParser
{
    private static readonly string[] s_comparisons = ["eq", "ne", "gt", "ge", "lt", "le"];

    private readonly List<FilterToken> _tokens;
    private int _position;

    private FilterParser(List<FilterToken> tokens)
    {
        _tokens = tokens;
    }

    /// <exception cref="ODataQueryException">The expression is not one the emulator can evaluate; the message says why.</exception>
    public static Func<MachineAction, bool> Parse(string filter)
    {
        var parser = new FilterParser(FilterLexer.Tokenize(filter));
        if (parser._tokens.Count == 0)
        {
            throw new ODataQueryException("$filter is empty: give an expression such as status eq 'Pending'.");
        }

        Func<MachineAction, bool> test = parser.ParseOr();
        if (parser._position < parser._tokens.Count)
        {
            FilterToken extra = parser._tokens[parser._position];
            throw new ODataQueryException($"Syntax error at position {extra.Position} in $filter: '{extra}' was not expected there.");
        }

        return test;
    }

    private Func<MachineAction, bool> ParseOr()
    {
        Func<MachineAction, bool> left = ParseAnd();
        while (AcceptWord("or"))
        {
            Func<MachineAction, bool> first = left, second = ParseAnd();
            left = a => first(a) || second(a);
        }

        return left;
    }

    private Func<MachineAction, bool> ParseAnd()
    {
        Func<MachineAction, bool> left = ParseUnary();
        while (AcceptWord("and"))
        {
            Func<MachineAction, bool> first = left, second = ParseUnary();
            left = a => first(a) && second(a);
        }

        return left;
    }

    private Func<MachineAction, bool> ParseUnary()
    {
        if (AcceptWord("not"))
        {
            Func<MachineAction, bool> inner = ParseUnary();
            return a => !inner(a);
        }

        if (Accept(FilterTokenKind.OpenParen))
        {
            Func<MachineAction, bool> inner = ParseOr();
            Expect(FilterTokenKind.CloseParen, "')' to close the '('");
            return inner;
        }

        return ParseComparison();
    }

    private Func<MachineAction, bool> ParseComparison()
    {
        FilterToken name = Next("a property name");
        if (name.Kind != FilterTokenKind.Word)
        {
            throw new ODataQueryException($"$filter compares a property with a value, such as status eq 'Pending'; '{name}' at position {name.Position} is not a property name.");
        }

        if (_position < _tokens.Count && _tokens[_position].Kind == FilterTokenKind.OpenParen)
        {
            throw new ODataQueryException($"$filter function '{name.Text}' is not supported: use eq, ne, gt, ge, lt, le, in, and, or and not.");
        }

        QueryProperty property = MachineActionProperties.Find(name.Text);
        if (!property.Filterable)
        {
            throw new ODataQueryException($"The property '{property.Name}' cannot be used in the $filter query option. Use {MachineActionProperties.FilterableNames}.");
        }

        FilterToken op = Next("an operator");
        if (op.IsWord("in"))
        {
            Expect(FilterTokenKind.OpenParen, "'(' after in");
            var values = new List<object?> { ReadValue(property, "in") };
            while (Accept(FilterTokenKind.Comma))
            {
                values.Add(ReadValue(property, "in"));
            }

            Expect(FilterTokenKind.CloseParen, "')' to close the list after in");
            return a =>
            {
                object? actual = property.Read(a);
                return values.Exists(v => Equal(actual, v));
            };
        }

        string? comparison = s_comparisons.FirstOrDefault(op.IsWord);
        if (comparison is null)
        {
            throw new ODataQueryException($"'{op}' at position {op.Position} in $filter is not an operator: use eq, ne, gt, ge, lt, le or in.");
        }

        object? expected = ReadValue(property, comparison);
        return comparison switch
        {
            "eq" => a => Equal(property.Read(a), expected),
            "ne" => a => !Equal(property.Read(a), expected),
            "gt" => a => Ordered(property.Read(a), expected, c => c > 0),
            "ge" => a => Ordered(property.Read(a), expected, c => c >= 0),
            "lt" => a => Ordered(property.Read(a), expected, c => c < 0),
            _ => a => Ordered(property.Read(a), expected, c => c <= 0),
        };
    }

    // OData: null equals only null; an order comparison with null is false.
    private static bool Equal(object? actual, object? expected) =>
        actual is null || expected is null ? actual is null && expected is null : MachineActionProperties.Compare(actual, expected) == 0;

    private static bool Ordered(object? actual, object? expected, Func<int, bool> holds) =>
        actual is not null && expected is not null && holds(MachineActionProperties.Compare(actual, expected));

    /// <summary>Reads a literal as a value of the property's type, or refuses it as the wrong type.</summary>
    private object? ReadValue(QueryProperty property, string op)
    {
        FilterToken token = Next("a value");
        if (token.IsWord("null"))
        {
            return null;
        }

        switch (property.Kind)
        {
            case PropertyKind.String when token.Kind == FilterTokenKind.String:
                return token.Text;
            case PropertyKind.String when token.Kind == FilterTokenKind.Literal && Guid.TryParseExact(token.Text, "D", out _):
                return token.Text;
            case PropertyKind.DateTime when token.Kind is FilterTokenKind.Literal or FilterTokenKind.String && ParseDateTime(token.Text) is { } when:
                return when;
            case PropertyKind.Int32 when token.Kind == FilterTokenKind.Literal && int.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number):
                return number;
        }

        if (token.Kind is FilterTokenKind.OpenParen or FilterTokenKind.CloseParen or FilterTokenKind.Comma)
        {
            throw new ODataQueryException($"$filter expects a value after '{property.Name} {op}' at position {token.Position}, not '{token}'.");
        }

        string example = property.Kind switch
        {
            PropertyKind.DateTime => "a date and time such as 2024-01-31T00:00:00Z",
            PropertyKind.Int32 => "a whole number",
            _ => "a quoted string such as 'Pending'",
        };
        throw new ODataQueryException($"A binary operator with incompatible types was detected: {property.Name} is {property.EdmType} and {token} is not; compare it with {example}.");
    }

    private static DateTimeOffset? ParseDateTime(string text) =>
        text.Contains('T', StringComparison.Ordinal)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value)
            ? value
            : null;

    private bool AcceptWord(string word)
    {
        if (_position < _tokens.Count && _tokens[_position].IsWord(word))
        {
            _position++;
            return true;
        }

        return false;
    }

    private bool Accept(FilterTokenKind kind)
    {
        if (_position < _tokens.Count && _tokens[_position].Kind == kind)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(FilterTokenKind kind, string what)
    {
        if (!Accept(kind))
        {
            string found = _position < _tokens.Count ? $"'{_tokens[_position]}' at position {_tokens[_position].Position}" : "the end";
            throw new ODataQueryException($"$filter expects {what}; found {found}.");
        }
    }

    private FilterToken Next(string what) =>
        _position < _tokens.Count ? _tokens[_position++] : throw new ODataQueryException($"$filter ends where {what} was expected.");
}
