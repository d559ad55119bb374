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
        string type = "global::" + spec.Namespace + "." + name;
        SourceWriter w = SourceWriter.ForFile(spec.Namespace);

        w.Summary(@enum.Summary ?? name + " values of the " + spec.Name + " API.");
        w.Line("/// <remarks>");
        w.Line("/// <para>Known values: " + string.Join(", ", @enum.Members.Select(m => "<c>" + SourceWriter.XmlEscape(m.WireValue) + "</c>")) + ". Other values the service sends are kept as sent.</para>");
        EmitComparisonIdiom(w, name, @enum);
        w.Line("/// </remarks>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(global::" + spec.Namespace + "." + name + "JsonConverter))]");
        w.Line(spec.Accessibility + " readonly partial struct " + name + " : global::System.IEquatable<" + type + ">");
        w.Open();
        w.Line("private readonly string? _value;");
        w.Line();
        w.Line("/// <summary>Creates a value from its wire spelling; any string is accepted so that new service values stay readable.</summary>");
        w.Line("public " + name + "(string value)");
        w.Open();
        w.Line("_value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        w.Close();
        foreach (EnumMemberSpec member in @enum.Members)
        {
            w.Line();
            w.Line("/// <summary>The value <c>" + SourceWriter.XmlEscape(member.WireValue) + "</c>.</summary>");
            w.Line("public static " + type + " " + member.CSharpName + " { get; } = new(" + SourceWriter.Literal(member.WireValue) + ");");
        }

        w.Line();
        w.Line("/// <summary>Every value the spec lists, in its order.</summary>");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<" + type + "> KnownValues { get; } = new " + type + "[] { " + string.Join(", ", @enum.Members.Select(m => m.CSharpName)) + " };");
        w.Line();
        w.Line("/// <summary>Whether the value is one the spec lists (compared ignoring case).</summary>");
        w.Line("public bool IsKnown");
        w.Open();
        w.Line("get");
        w.Open();
        w.Line("foreach (" + type + " known in KnownValues)");
        w.Open();
        w.Line("if (Equals(known))");
        w.Open().Line("return true;").Close();
        w.Close();
        w.Line();
        w.Line("return false;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("/// <summary>Compares two values ignoring case.</summary>");
        w.Line("public static bool operator ==(" + type + " left, " + type + " right) => left.Equals(right);");
        w.Line();
        w.Line("/// <summary>Compares two values ignoring case.</summary>");
        w.Line("public static bool operator !=(" + type + " left, " + type + " right) => !left.Equals(right);");
        w.Line();
        w.Line("/// <summary>Converts a wire spelling to a value.</summary>");
        w.Line("public static implicit operator " + type + "(string value) => new(value);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public bool Equals(" + type + " other) => global::System.StringComparer.OrdinalIgnoreCase.Equals(_value, other._value);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override bool Equals(object? obj) => obj is " + type + " other && Equals(other);");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override int GetHashCode() => _value is null ? 0 : global::System.StringComparer.OrdinalIgnoreCase.GetHashCode(_value);");
        w.Line();
        w.Line("/// <summary>The value as the wire spells it (empty for the default value).</summary>");
        w.Line("public override string ToString() => _value ?? string.Empty;");
        w.Close();
        w.Line();

        w.Line("/// <summary>Reads and writes <see cref=\"" + type + "\"/> as its JSON string.</summary>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Line(spec.Accessibility + " sealed class " + name + "JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + type + ">");
        w.Open();
        w.Line("/// <summary>The shared instance; the converter holds no state.</summary>");
        w.Line("public static readonly " + name + "JsonConverter Instance = new();");
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override " + type + " Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options)");
        w.Open();
        w.Line("if (reader.TokenType != global::System.Text.Json.JsonTokenType.String)");
        w.Open();
        w.Line("throw new global::System.Text.Json.JsonException(\"Expected a string for " + name + " but found \" + reader.TokenType + \".\");");
        w.Close();
        w.Line();
        w.Line("return new " + type + "(reader.GetString()!);");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public override void Write(global::System.Text.Json.Utf8JsonWriter writer, " + type + " value, global::System.Text.Json.JsonSerializerOptions options) =>");
        w.Line("    writer.WriteStringValue(value.ToString());");
        w.Close();
        return w.ToString();
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
        string second = name + "." + @enum.Members[@enum.Members.Count > 1 ? 1 : 0].CSharpName;
        w.Line("/// <para>");
        w.Line("/// An extensible enum: a struct, not a C# <c>enum</c>, so that values added by the service stay readable. Constant");
        w.Line("/// patterns (<c>is " + first + "</c>, <c>case " + first + ":</c>) do not compile (CS9135): compare with");
        w.Line("/// <c>==</c>, or use <c>when</c> in a <c>switch</c>.");
        w.Line("/// </para>");
        w.Line("/// <code>");
        w.Line("/// if (value == " + first + ") { /* ... */ }");
        w.Line("/// switch (value)");
        w.Line("/// {");
        w.Line("///     case var v when v == " + first + ":");
        w.Line("///         break;");
        if (@enum.Members.Count > 1)
        {
            w.Line("///     case var v when v == " + second + ":");
            w.Line("///         break;");
        }

        w.Line("///     default: // a value this version does not know: value.ToString() holds it");
        w.Line("///         break;");
        w.Line("/// }");
        w.Line("/// </code>");
    }
}
