using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>Emits a model class with init properties, followed by its converter (<see cref="ModelConverterEmitter"/>).</summary>
internal static class ModelEmitter
{
    public static string Emit(ApiSpec spec, ModelSpec model)
    {
        SourceWriter w = SourceWriter.ForFile(spec.Namespace);
        EmitModel(w, spec, model);
        if (!model.IsForm)
        {
            w.Line();
            ModelConverterEmitter.Emit(w, spec, model);
        }

        return w.Finish();
    }

    private static void EmitModel(SourceWriter w, ApiSpec spec, ModelSpec model)
    {
        w.Summary(model.Summary ?? (model.IsForm ? "The fields of the " + model.Name + " form, which the " + spec.Name + " API takes as multipart/form-data." : model.Name + ", as the " + spec.Name + " API sends and receives it."));
        w.Line(SourceWriter.GeneratedCodeAttribute);
        if (!model.IsForm)
        {
            w.Line(ConverterShell.Attribute(spec.Names, model.ConverterName));
        }

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
            w.Line("/// <remarks>" + (model.IsForm ? "Form field" : "JSON name") + " <c>" + SourceWriter.XmlEscape(property.JsonName) + "</c>"
                + (property.Aliases.IsEmpty ? string.Empty : "; also read from " + string.Join(", ", property.Aliases.Select(a => "<c>" + SourceWriter.XmlEscape(a) + "</c>")))
                + (property.NulPadded ? "; trailing NUL padding is removed when read" : string.Empty) + ".</remarks>");
            w.Line("public " + (property.Required ? "required " : string.Empty) + PropertyType(property, spec.Names) + " " + property.CSharpName + " { get; init; }");
        }

        w.Close();
    }

    private static string PropertyType(PropertySpec property, GeneratedNames names) =>
        CSharpTypes.Full(property.Type, names, forceNullable: IsOptionalReference(property));

    /// <summary>Optional reference-typed members are nullable: the service leaves many of them out.</summary>
    internal static bool IsOptionalReference(PropertySpec property) =>
        !property.Required && !CSharpTypes.IsValueType(property.Type);
}
