using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Spec.Json;

/// <summary>
/// A strict JSON (RFC 8259) reader that keeps the position of every value and member name. The generator
/// cannot rely on System.Text.Json inside every IDE host, and precise diagnostics need positions anyway.
/// </summary>
internal sealed class JsonParser
{
    /// <summary>Deeper nesting than any spec needs; guards the recursion against hostile input.</summary>
    private const int MaxDepth = 64;

    private readonly string _text;
    private int _position;
    private int _depth;

    private JsonParser(string text)
    {
        _text = text;
    }

    /// <summary>Parses a whole document.</summary>
    /// <exception cref="JsonParseException">The text is not valid JSON.</exception>
    public static JsonNode Parse(string text)
    {
        var parser = new JsonParser(text);
        parser.SkipWhitespace();
        if (parser._position == 0 && text.Length > 0 && text[0] == '\uFEFF')
        {
            parser._position++;
            parser.SkipWhitespace();
        }

        if (parser.AtEnd)
        {
            throw new JsonParseException("the file is empty; it must hold one JSON object", 0, 0);
        }

        JsonNode root = parser.ParseValue();
        parser.SkipWhitespace();
        if (!parser.AtEnd)
        {
            throw new JsonParseException("unexpected text after the end of the JSON document", parser._position);
        }

        return root;
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _text[_position];

    private JsonNode ParseValue()
    {
        if (AtEnd)
        {
            throw new JsonParseException("the document ends where a value was expected", _text.Length, 0);
        }

        switch (Current)
        {
            case '{':
                return ParseObject();
            case '[':
                return ParseArray();
            case '"':
                int start = _position;
                string value = ParseString();
                return new JsonString(TextSpan.FromBounds(start, _position), value);
            case 't':
                return ParseLiteral("true", JsonNodeKind.True);
            case 'f':
                return ParseLiteral("false", JsonNodeKind.False);
            case 'n':
                return ParseLiteral("null", JsonNodeKind.Null);
            default:
                if (Current == '-' || (Current >= '0' && Current <= '9'))
                {
                    return ParseNumber();
                }

                throw new JsonParseException(DescribeUnexpected("a value"), _position);
        }
    }

    private JsonObject ParseObject()
    {
        int start = _position;
        Enter();
        _position++; // {
        var members = new List<JsonMember>();
        int lastComma = -1;
        SkipWhitespace();
        if (!AtEnd && Current == '}')
        {
            _position++;
            _depth--;
            return new JsonObject(TextSpan.FromBounds(start, _position), members);
        }

        while (true)
        {
            SkipWhitespace();
            if (AtEnd || Current != '"')
            {
                if (!AtEnd && Current == '}' && lastComma >= 0)
                {
                    throw new JsonParseException("a trailing comma is not allowed in JSON: remove it", lastComma);
                }

                throw new JsonParseException(DescribeUnexpected("a member name in double quotes"), AtEnd ? _text.Length : _position, AtEnd ? 0 : 1);
            }

            int nameStart = _position;
            string name = ParseString();
            var nameSpan = TextSpan.FromBounds(nameStart, _position);
            SkipWhitespace();
            Expect(':', "':' after the member name");
            SkipWhitespace();
            JsonNode value = ParseValue();
            members.Add(new JsonMember(name, nameSpan, value));
            SkipWhitespace();
            if (!AtEnd && Current == ',')
            {
                lastComma = _position;
                _position++;
                continue;
            }

            Expect('}', "',' or '}' after a member");
            _depth--;
            return new JsonObject(TextSpan.FromBounds(start, _position), members);
        }
    }

    private JsonArray ParseArray()
    {
        int start = _position;
        Enter();
        _position++; // [
        var items = new List<JsonNode>();
        int lastComma = -1;
        SkipWhitespace();
        if (!AtEnd && Current == ']')
        {
            _position++;
            _depth--;
            return new JsonArray(TextSpan.FromBounds(start, _position), items);
        }

        while (true)
        {
            SkipWhitespace();
            if (!AtEnd && Current == ']' && lastComma >= 0)
            {
                throw new JsonParseException("a trailing comma is not allowed in JSON: remove it", lastComma);
            }

            items.Add(ParseValue());
            SkipWhitespace();
            if (!AtEnd && Current == ',')
            {
                lastComma = _position;
                _position++;
                continue;
            }

            Expect(']', "',' or ']' after an array item");
            _depth--;
            return new JsonArray(TextSpan.FromBounds(start, _position), items);
        }
    }

    private string ParseString()
    {
        int start = _position;
        _position++; // opening quote
        StringBuilder? builder = null;
        int runStart = _position;
        while (true)
        {
            if (AtEnd)
            {
                throw new JsonParseException("a string is not closed: add the closing '\"'", start, 1);
            }

            char c = Current;
            if (c == '"')
            {
                string run = _text.Substring(runStart, _position - runStart);
                _position++;
                return builder is null ? run : builder.Append(run).ToString();
            }

            if (c < ' ')
            {
                throw new JsonParseException("a control character (such as a raw line break) is not allowed inside a string: write it as an escape like \\n", _position);
            }

            if (c != '\\')
            {
                _position++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, runStart, _position - runStart);
            int escapeStart = _position;
            _position++;
            if (AtEnd)
            {
                throw new JsonParseException("a string is not closed: add the closing '\"'", start, 1);
            }

            char escaped = Current;
            _position++;
            switch (escaped)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_position + 4 > _text.Length
                        || !int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw new JsonParseException("\\u must be followed by four hexadecimal digits", escapeStart, 2);
                    }

                    builder.Append((char)code);
                    _position += 4;
                    break;
                default:
                    throw new JsonParseException($"'\\{escaped}' is not a JSON escape: use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX", escapeStart, 2);
            }

            runStart = _position;
        }
    }

    private JsonNumber ParseNumber()
    {
        int start = _position;
        if (Current == '-')
        {
            _position++;
        }

        if (AtEnd || !IsDigit(Current))
        {
            throw new JsonParseException("a number must have digits after '-'", start, _position - start);
        }

        if (Current == '0')
        {
            _position++;
            if (!AtEnd && IsDigit(Current))
            {
                throw new JsonParseException("a number must not start with 0 followed by more digits", start, _position - start + 1);
            }
        }
        else
        {
            SkipDigits();
        }

        if (!AtEnd && Current == '.')
        {
            _position++;
            if (AtEnd || !IsDigit(Current))
            {
                throw new JsonParseException("a number must have digits after '.'", start, _position - start);
            }

            SkipDigits();
        }

        if (!AtEnd && (Current == 'e' || Current == 'E'))
        {
            _position++;
            if (!AtEnd && (Current == '+' || Current == '-'))
            {
                _position++;
            }

            if (AtEnd || !IsDigit(Current))
            {
                throw new JsonParseException("a number must have digits in its exponent", start, _position - start);
            }

            SkipDigits();
        }

        return new JsonNumber(TextSpan.FromBounds(start, _position), _text.Substring(start, _position - start));
    }

    private JsonLiteral ParseLiteral(string literal, JsonNodeKind kind)
    {
        int start = _position;
        if (string.CompareOrdinal(_text, _position, literal, 0, literal.Length) != 0)
        {
            throw new JsonParseException(DescribeUnexpected("a value"), _position);
        }

        _position += literal.Length;
        return new JsonLiteral(kind, TextSpan.FromBounds(start, _position));
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw new JsonParseException($"the document is nested more than {MaxDepth} levels deep", _position);
        }
    }

    private void Expect(char expected, string what)
    {
        if (AtEnd || Current != expected)
        {
            throw new JsonParseException(DescribeUnexpected(what), AtEnd ? _text.Length : _position, AtEnd ? 0 : 1);
        }

        _position++;
    }

    private string DescribeUnexpected(string expected) =>
        AtEnd ? $"the document ends where {expected} was expected" : $"expected {expected} but found '{Printable(Current)}'";

    private static string Printable(char c) => c < ' ' ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

    private void SkipWhitespace()
    {
        while (!AtEnd && (Current == ' ' || Current == '\t' || Current == '\n' || Current == '\r'))
        {
            _position++;
        }
    }

    private void SkipDigits()
    {
        while (!AtEnd && IsDigit(Current))
        {
            _position++;
        }
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';
}
