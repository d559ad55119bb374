using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>The converter's <c>Write</c>: each property by its JSON name, leaving out what is absent.</summary>
internal static partial class ModelConverterEmitter
{
    private static void WriteWrite(SourceWriter w, ApiSpec spec, ModelSpec model)
    {
        GeneratedNames names = spec.Names;
        w.Block($$"""
            /// <inheritdoc/>
            public override void Write({{KnownTypes.Utf8JsonWriter}} writer, {{names.Global(model.Name)}} value, {{KnownTypes.JsonSerializerOptions}} options)
            """);
        w.Open();
        WriteNullChecks(w, names, model);
        w.Line("writer.WriteStartObject();");
        for (int i = 0; i < model.Properties.Count; i++)
        {
            w.Line(WriteProperty(model.Properties[i], i, names));
        }

        w.Line("writer.WriteEndObject();").Close();
    }

    /// <summary>
    /// A member that refuses null (<see cref="RefusesNull"/>) but was left null (<c>null!</c>) fails before anything is
    /// written, naming it: a string would otherwise go out as a null the contract does not allow, and a nested converter
    /// would meet the null half-way through the object.
    /// </summary>
    private static void WriteNullChecks(SourceWriter w, GeneratedNames names, ModelSpec model)
    {
        for (int i = 0; i < model.Properties.Count; i++)
        {
            PropertySpec p = model.Properties[i];
            if (RefusesNull(p))
            {
                w.Block($$"""
                    if (value.{{p.CSharpName}} is null)
                    {
                        throw {{KnownTypes.JsonPrimitives}}.RequiredIsNull({{SourceWriter.Literal(model.Name)}}, {{names.JsonNameOf(model.Name, p.CSharpName)}});
                    }
                    """);
            }
        }
    }

    private static string WriteProperty(PropertySpec p, int i, GeneratedNames names)
    {
        string access = "value." + p.CSharpName;
        string name = "s_name" + i;
        string present = CSharpTypes.WriteStatement(p.Type, names, name, "member" + i);
        if (p.Type.Kind == TypeKind.Enum && !p.Type.IsArray && !p.Type.IsNullable && !p.Required)
        {
            // An optional extensible enum left at its default has no value to write.
            return "if (" + access + ".ToString().Length != 0) { " + CSharpTypes.WriteStatement(p.Type, names, name, access) + " }";
        }

        if (p.Type is { Primitive: PrimitiveKind.Json, IsArray: false, IsNullable: false })
        {
            // A json member never read is the default JsonElement, which has nothing to write.
            return "if (" + access + ".ValueKind != " + KnownTypes.JsonValueKind + ".Undefined) { " + CSharpTypes.WriteStatement(p.Type, names, name, access) + " }";
        }

        if (!p.Type.IsNullable && !ModelEmitter.IsOptionalReference(p))
        {
            return CSharpTypes.WriteStatement(p.Type, names, name, access);
        }

        // What is absent is left out, except a required nullable member: its explicit null is part of the contract.
        return p.Required && !CSharpTypes.IsValueType(p.Type)
            ? "if (" + access + " is { } member" + i + ") { " + present + " } else { writer.WriteNull(" + name + "); }"
            : "if (" + access + " is { } member" + i + ") { " + present + " }";
    }
}
