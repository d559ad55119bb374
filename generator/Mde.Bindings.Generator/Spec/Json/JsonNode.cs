using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Spec.Json;

internal enum JsonNodeKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value and where it stands in the spec text, so that every error can point at it.</summary>
internal abstract class JsonNode
{
    protected JsonNode(JsonNodeKind kind, TextSpan span)
    {
        Kind = kind;
        Span = span;
    }

    public JsonNodeKind Kind { get; }

    public TextSpan Span { get; }

    /// <summary>The kind as an error message names it.</summary>
    public string KindText => Kind switch
    {
        JsonNodeKind.Object => "an object",
        JsonNodeKind.Array => "an array",
        JsonNodeKind.String => "a string",
        JsonNodeKind.Number => "a number",
        JsonNodeKind.True or JsonNodeKind.False => "a boolean",
        _ => "null",
    };
}

/// <summary>An object, keeping its members in order (duplicates included, so they can be reported).</summary>
internal sealed class JsonObject : JsonNode
{
    public JsonObject(TextSpan span, List<JsonMember> members)
        : base(JsonNodeKind.Object, span)
    {
        Members = members;
    }

    public List<JsonMember> Members { get; }

    /// <summary>The brace that opens the object: where errors about the whole object point.</summary>
    public TextSpan OpeningBrace => new(Span.Start, 1);
}

/// <summary>One <c>"name": value</c> pair of an object.</summary>
internal sealed class JsonMember
{
    public JsonMember(string name, TextSpan nameSpan, JsonNode value)
    {
        Name = name;
        NameSpan = nameSpan;
        Value = value;
    }

    public string Name { get; }

    public TextSpan NameSpan { get; }

    public JsonNode Value { get; }
}

internal sealed class JsonArray : JsonNode
{
    public JsonArray(TextSpan span, List<JsonNode> items)
        : base(JsonNodeKind.Array, span)
    {
        Items = items;
    }

    public List<JsonNode> Items { get; }
}

internal sealed class JsonString : JsonNode
{
    public JsonString(TextSpan span, string value)
        : base(JsonNodeKind.String, span)
    {
        Value = value;
    }

    public string Value { get; }
}

/// <summary>A number, kept as its source text so that no precision is lost before validation.</summary>
internal sealed class JsonNumber : JsonNode
{
    public JsonNumber(TextSpan span, string text)
        : base(JsonNodeKind.Number, span)
    {
        Text = text;
    }

    public string Text { get; }
}

/// <summary><c>true</c>, <c>false</c> or <c>null</c>.</summary>
internal sealed class JsonLiteral : JsonNode
{
    public JsonLiteral(JsonNodeKind kind, TextSpan span)
        : base(kind, span)
    {
    }
}
