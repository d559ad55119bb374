using Mde.Bindings.Generator.Common;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>The converter's <c>Read</c>: one local per property, filled by member number, then checked and assembled.</summary>
internal static partial class ModelConverterEmitter
{
    private static void WriteRead(SourceWriter w, ApiSpec spec, ModelSpec model)
    {
        GeneratedNames names = spec.Names;
        string type = names.Global(model.Name);
        EquatableArray<PropertySpec> properties = model.Properties;
        w.Block($$"""
            /// <inheritdoc/>
            public override {{type}}? Read(ref {{KnownTypes.Utf8JsonReader}} reader, {{KnownTypes.Type}} typeToConvert, {{KnownTypes.JsonSerializerOptions}} options)
            """);
        w.Open().Block($$"""
            if (reader.TokenType == {{KnownTypes.JsonTokenType}}.Null)
            {
                return null;
            }

            {{KnownTypes.JsonPrimitives}}.ExpectStartObject(ref reader, {{SourceWriter.Literal(model.Name)}});
            """);
        for (int i = 0; i < properties.Count; i++)
        {
            PropertySpec p = properties[i];
            w.Line(CSharpTypes.Full(p.Type, names, forceNullable: !CSharpTypes.IsValueType(p.Type)) + " value" + i + " = default;");
            if (p.Required)
            {
                w.Line("bool has" + i + " = false;");
            }
        }

        w.Line("while (reader.Read() && reader.TokenType == " + KnownTypes.JsonTokenType + ".PropertyName)");
        w.Open().Block("""
            int member = MatchMember(ref reader);
            reader.Read();
            switch (member)
            """);
        w.Open();
        for (int i = 0; i < properties.Count; i++)
        {
            PropertySpec p = properties[i];
            w.Line("case " + i + ":");
            w.Line("    value" + i + " = " + CSharpTypes.ReadExpression(p.Type, names, p.NulPadded) + ";");
            if (p.Required)
            {
                w.Line("    has" + i + " = true;");
            }

            w.Line("    break;");
        }

        w.Block("""
            default:
                reader.Skip();
                break;
            """);
        w.Close().Close().Line();
        WriteRequiredChecks(w, names, model);
        w.Line("return new " + type);
        w.Open();
        for (int i = 0; i < properties.Count; i++)
        {
            PropertySpec p = properties[i];
            w.Line(p.CSharpName + " = value" + i + (RefusesNull(p) ? "!" : string.Empty) + ",");
        }

        w.Close(";").Close();
    }

    /// <summary>A required member that never came (or came as null when it may not be null) fails the read, naming it.</summary>
    private static void WriteRequiredChecks(SourceWriter w, GeneratedNames names, ModelSpec model)
    {
        for (int i = 0; i < model.Properties.Count; i++)
        {
            PropertySpec p = model.Properties[i];
            if (!p.Required)
            {
                continue;
            }

            string missing = "!has" + i + (RefusesNull(p) ? " || value" + i + " is null" : string.Empty);
            w.Block($$"""
                if ({{missing}})
                {
                    throw {{KnownTypes.JsonPrimitives}}.MissingRequired({{SourceWriter.Literal(model.Name)}}, {{names.JsonNameOf(model.Name, p.CSharpName)}});
                }
                """);
        }
    }
}
