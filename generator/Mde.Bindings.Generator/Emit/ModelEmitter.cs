using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// Emits a model class and its reflection-free JSON converter: properties are read by their JSON name or any
/// alias (exact match first, then ignoring case), unknown members are skipped, and written by their JSON name.
/// </summary>
internal static class ModelEmitter
{
    public static string Emit(ApiSpec spec, ModelSpec model)
    {
        string ns = spec.Namespace;
        SourceWriter w = SourceWriter.ForFile(ns);
        EmitModel(w, spec, model);
        w.Line();
        EmitConverter(w, spec, model);
        return w.ToString();
    }

    private static void EmitModel(SourceWriter w, ApiSpec spec, ModelSpec model)
    {
        w.Summary(model.Summary ?? model.Name + ", as the " + spec.Name + " API sends and receives it.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line("[global::System.Text.Json.Serialization.JsonConverter(typeof(global::" + spec.Namespace + "." + model.Name + "JsonConverter))]");
        w.Line(spec.Accessibility + " sealed partial class " + model.Name);
        w.Open();
        bool first = true;
        foreach (PropertySpec property in model.Properties)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            w.SummaryXml(property.Summary is null
                ? "The <c>" + SourceWriter.XmlEscape(property.JsonName) + "</c> member."
                : SourceWriter.XmlEscape(property.Summary));
            w.Line("/// <remarks>JSON name <c>" + SourceWriter.XmlEscape(property.JsonName) + "</c>"
                + (property.Aliases.IsEmpty ? string.Empty : "; also read from " + string.Join(", ", property.Aliases.Select(a => "<c>" + SourceWriter.XmlEscape(a) + "</c>")))
                + (property.NulPadded ? "; trailing NUL padding is removed when read" : string.Empty) + ".</remarks>");
            w.Line("public " + (property.Required ? "required " : string.Empty) + PropertyType(property, spec.Namespace) + " " + property.CSharpName + " { get; init; }");
        }

        w.Close();
    }

    public static string PropertyType(PropertySpec property, string ns) =>
        CSharpTypes.Full(property.Type, ns, forceNullable: IsOptionalReference(property));

    /// <summary>Optional reference-typed members are nullable: the service leaves many of them out.</summary>
    private static bool IsOptionalReference(PropertySpec property) =>
        !property.Required && !CSharpTypes.IsValueType(property.Type);

    private static bool IsNullableInCSharp(PropertySpec property) =>
        property.Type.IsNullable || IsOptionalReference(property);

    private static void EmitConverter(SourceWriter w, ApiSpec spec, ModelSpec model)
    {
        string ns = spec.Namespace;
        string type = "global::" + ns + "." + model.Name;
        var properties = model.Properties;

        w.Line("/// <summary>Reads and writes <see cref=\"" + type + "\"/> as JSON without reflection.</summary>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Line(spec.Accessibility + " sealed class " + model.Name + "JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + type + ">");
        w.Open();
        w.Line("/// <summary>The shared instance; the converter holds no state.</summary>");
        w.Line("public static readonly " + model.Name + "JsonConverter Instance = new();");
        w.Line();
        for (int i = 0; i < properties.Count; i++)
        {
            w.Line("private static readonly global::System.Text.Json.JsonEncodedText s_name" + i + " = global::System.Text.Json.JsonEncodedText.Encode(" + SourceWriter.Literal(properties[i].JsonName) + ");");
        }

        if (properties.Count > 0)
        {
            w.Line();
        }

        // Read
        w.Line("/// <inheritdoc/>");
        w.Line("public override " + type + "? Read(ref global::System.Text.Json.Utf8JsonReader reader, global::System.Type typeToConvert, global::System.Text.Json.JsonSerializerOptions options)");
        w.Open();
        w.Line("if (reader.TokenType == global::System.Text.Json.JsonTokenType.Null)");
        w.Open().Line("return null;").Close();
        w.Line();
        w.Line(CSharpTypes.Primitives + ".ExpectStartObject(ref reader, " + SourceWriter.Literal(model.Name) + ");");
        for (int i = 0; i < properties.Count; i++)
        {
            PropertySpec p = properties[i];
            string localType = CSharpTypes.Full(p.Type, ns, forceNullable: !CSharpTypes.IsValueType(p.Type));
            w.Line(localType + " value" + i + " = default;");
            if (p.Required)
            {
                w.Line("bool has" + i + " = false;");
            }
        }

        w.Line("while (reader.Read() && reader.TokenType == global::System.Text.Json.JsonTokenType.PropertyName)");
        w.Open();
        w.Line("int member = MatchMember(ref reader);");
        w.Line("reader.Read();");
        w.Line("switch (member)");
        w.Open();
        for (int i = 0; i < properties.Count; i++)
        {
            PropertySpec p = properties[i];
            w.Line("case " + i + ":");
            w.Line("    value" + i + " = " + CSharpTypes.ReadExpression(p.Type, ns, p.NulPadded) + ";");
            if (p.Required)
            {
                w.Line("    has" + i + " = true;");
            }

            w.Line("    break;");
        }

        w.Line("default:");
        w.Line("    reader.Skip();");
        w.Line("    break;");
        w.Close();
        w.Close();
        w.Line();
        for (int i = 0; i < properties.Count; i++)
        {
            PropertySpec p = properties[i];
            if (!p.Required)
            {
                continue;
            }

            string missing = p.Type.IsNullable ? "!has" + i : "!has" + i + (CSharpTypes.IsValueType(p.Type) ? string.Empty : " || value" + i + " is null");
            w.Line("if (" + missing + ")");
            w.Open().Line("throw " + CSharpTypes.Primitives + ".MissingRequired(" + SourceWriter.Literal(model.Name) + ", " + SourceWriter.Literal(p.JsonName) + ");").Close();
        }

        w.Line("return new " + type);
        w.Open();
        for (int i = 0; i < properties.Count; i++)
        {
            PropertySpec p = properties[i];
            bool needsBang = p.Required && !p.Type.IsNullable && !CSharpTypes.IsValueType(p.Type);
            w.Line(p.CSharpName + " = value" + i + (needsBang ? "!" : string.Empty) + ",");
        }

        w.Close(";");
        w.Close();
        w.Line();

        // Write
        w.Line("/// <inheritdoc/>");
        w.Line("public override void Write(global::System.Text.Json.Utf8JsonWriter writer, " + type + " value, global::System.Text.Json.JsonSerializerOptions options)");
        w.Open();
        w.Line("writer.WriteStartObject();");
        for (int i = 0; i < properties.Count; i++)
        {
            PropertySpec p = properties[i];
            string access = "value." + p.CSharpName;
            string name = "s_name" + i;
            if (p.Type.Kind == TypeKind.Enum && !p.Type.IsArray && !p.Type.IsNullable && !p.Required)
            {
                w.Line("if (" + access + ".ToString().Length != 0) { " + CSharpTypes.WriteStatement(p.Type, ns, name, access) + " }");
            }
            else if (!IsNullableInCSharp(p))
            {
                w.Line(CSharpTypes.WriteStatement(p.Type, ns, name, access));
            }
            else if (p.Required && !CSharpTypes.IsValueType(p.Type))
            {
                // Required but nullable: an explicit null is part of the contract.
                w.Line("if (" + access + " is { } member" + i + ") { " + CSharpTypes.WriteStatement(p.Type, ns, name, "member" + i) + " } else { writer.WriteNull(" + name + "); }");
            }
            else
            {
                w.Line("if (" + access + " is { } member" + i + ") { " + CSharpTypes.WriteStatement(p.Type, ns, name, "member" + i) + " }");
            }
        }

        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Line();

        // Member matching: by length then bytes when the name has no escapes (the usual case), else through the reader.
        w.Line("private static int MatchMember(ref global::System.Text.Json.Utf8JsonReader reader)");
        w.Open();
        if (properties.Count > 0)
        {
            var names = properties.SelectMany((p, i) => new[] { p.JsonName }.Concat(p.Aliases).Select(n => (Name: n, Index: i))).ToList();
            w.Line("if (!reader.ValueIsEscaped && !reader.HasValueSequence)");
            w.Open();
            w.Line("global::System.ReadOnlySpan<byte> utf8 = reader.ValueSpan;");
            w.Line("switch (utf8.Length)");
            w.Open();
            foreach (var group in names.GroupBy(n => System.Text.Encoding.UTF8.GetByteCount(n.Name)).OrderBy(g => g.Key))
            {
                w.Line("case " + group.Key + ":");
                foreach ((string name, int index) in group)
                {
                    w.Line("    if (global::System.MemoryExtensions.SequenceEqual(utf8, " + SourceWriter.Utf8Literal(name) + ")) return " + index + ";");
                }

                w.Line("    break;");
            }

            w.Close();
            w.Close();
            w.Line("else");
            w.Open();
            foreach ((string name, int index) in names)
            {
                w.Line("if (reader.ValueTextEquals(" + SourceWriter.Utf8Literal(name) + ")) return " + index + ";");
            }

            w.Close();
            w.Line();
            w.Line("// Not an exact match: accept the same names in any letter case, as web JSON defaults do.");
            w.Line("string name = reader.GetString()!;");
            for (int i = 0; i < properties.Count; i++)
            {
                PropertySpec p = properties[i];
                string test = string.Join(" || ", new[] { p.JsonName }.Concat(p.Aliases).Select(n => "global::System.StringComparer.OrdinalIgnoreCase.Equals(name, " + SourceWriter.Literal(n) + ")"));
                w.Line("if (" + test + ") return " + i + ";");
            }
        }

        w.Line("return -1;");
        w.Close();
        w.Close();
    }
}
