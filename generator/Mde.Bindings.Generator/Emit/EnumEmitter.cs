using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// Emits an extensible enum: a struct over the wire string, with one static member per known value. A value the
/// spec does not list is kept as sent (readable through <c>ToString()</c>, <see langword="false"/> for <c>IsKnown</c>)
/// instead of failing the whole response, and values are written exactly as the spec spells them.
/// </summary>
internal static class EnumEmitter
{
    public static string Emit(ApiSpec spec, EnumSpec @enum)
    {
        string name = @enum.Name;
        string type = spec.Names.Global(name);
        SourceWriter w = SourceWriter.ForFile(spec.Namespace);

        w.Summary(@enum.Summary ?? name + " values of the " + spec.Name + " API.");
        w.Line("/// <remarks>");
        w.Line("/// <para>Known values: " + string.Join(", ", @enum.Members.Select(m => "<c>" + SourceWriter.XmlEscape(m.WireValue) + "</c>")) + ". Other values the service sends are kept as sent.</para>");
        EmitComparisonIdiom(w, name, @enum);
        w.Block($$"""
            /// </remarks>
            {{SourceWriter.GeneratedCodeAttribute}}
            {{ConverterShell.Attribute(spec.Names, @enum.ConverterName)}}
            {{spec.Accessibility}} readonly partial struct {{name}} : {{KnownTypes.IEquatable}}<{{type}}>
            """);
        w.Open().Block($$"""
            private readonly string? _value;

            /// <summary>Creates a value from its wire spelling; any string is accepted so that new service values stay readable.</summary>
            public {{name}}(string value)
            {
                _value = value ?? throw new {{KnownTypes.ArgumentNullException}}(nameof(value));
            }
            """);
        foreach (EnumMemberSpec member in @enum.Members)
        {
            w.Block($$"""

                /// <summary>The value <c>{{SourceWriter.XmlEscape(member.WireValue)}}</c>.</summary>
                public static {{type}} {{member.CSharpName}} { get; } = new({{SourceWriter.Literal(member.WireValue)}});
                """);
        }

        w.Block($$"""

            /// <summary>Every value the spec lists, in its order.</summary>
            public static {{KnownTypes.IReadOnlyList}}<{{type}}> KnownValues { get; } = new {{type}}[] { {{string.Join(", ", @enum.Members.Select(m => m.CSharpName))}} };

            /// <summary>Whether the value is one the spec lists (compared ignoring case).</summary>
            public bool IsKnown
            {
                get
                {
                    foreach ({{type}} known in KnownValues)
                    {
                        if (Equals(known))
                        {
                            return true;
                        }
                    }

                    return false;
                }
            }

            /// <summary>Compares two values ignoring case.</summary>
            public static bool operator ==({{type}} left, {{type}} right) => left.Equals(right);

            /// <summary>Compares two values ignoring case.</summary>
            public static bool operator !=({{type}} left, {{type}} right) => !left.Equals(right);

            /// <summary>Converts a wire spelling to a value.</summary>
            public static implicit operator {{type}}(string value) => new(value);

            /// <inheritdoc/>
            public bool Equals({{type}} other) => {{KnownTypes.StringComparer}}.OrdinalIgnoreCase.Equals(_value, other._value);

            /// <inheritdoc/>
            public override bool Equals(object? obj) => obj is {{type}} other && Equals(other);

            /// <inheritdoc/>
            public override int GetHashCode() => _value is null ? 0 : {{KnownTypes.StringComparer}}.OrdinalIgnoreCase.GetHashCode(_value);

            /// <summary>The value as the wire spells it (empty for the default value).</summary>
            public override string ToString() => _value ?? string.Empty;
            """);
        w.Close().Line();

        ConverterShell.Write(w, spec, name, @enum.ConverterName, "as its JSON string", members => members.Block($$"""
            /// <inheritdoc/>
            public override {{type}} Read(ref {{KnownTypes.Utf8JsonReader}} reader, {{KnownTypes.Type}} typeToConvert, {{KnownTypes.JsonSerializerOptions}} options)
            {
                if (reader.TokenType != {{KnownTypes.JsonTokenType}}.String)
                {
                    throw new {{KnownTypes.JsonException}}("Expected a string for {{name}} but found " + reader.TokenType + ".");
                }

                return new {{type}}(reader.GetString()!);
            }

            /// <inheritdoc/>
            public override void Write({{KnownTypes.Utf8JsonWriter}} writer, {{type}} value, {{KnownTypes.JsonSerializerOptions}} options) =>
                writer.WriteStringValue(value.ToString());
            """));
        return w.Finish();
    }

    /// <summary>
    /// Shows, where users meet the type, how to compare it: a struct is not a C# enum, so constant patterns such as
    /// <c>is Status.Pending</c> fail with CS9135; <c>==</c> and <c>switch</c> with <c>when</c> work.
    /// </summary>
    private static void EmitComparisonIdiom(SourceWriter w, string name, EnumSpec @enum)
    {
        if (@enum.Members.Count == 0)
        {
            return;
        }

        string first = name + "." + @enum.Members[0].CSharpName;
        string secondCase = @enum.Members.Count > 1
            ? "\n///     case var v when v == " + name + "." + @enum.Members[1].CSharpName + ":\n///         break;"
            : string.Empty;
        w.Block($$"""
            /// <para>
            /// An extensible enum: a struct, not a C# <c>enum</c>, so that values added by the service stay readable. Constant
            /// patterns (<c>is {{first}}</c>, <c>case {{first}}:</c>) do not compile (CS9135): compare with
            /// <c>==</c>, or use <c>when</c> in a <c>switch</c>.
            /// </para>
            /// <code>
            /// if (value == {{first}}) { /* ... */ }
            /// switch (value)
            /// {
            ///     case var v when v == {{first}}:
            ///         break;{{secondCase}}
            ///     default: // a value this version does not know: value.ToString() holds it
            ///         break;
            /// }
            /// </code>
            """);
    }
}
