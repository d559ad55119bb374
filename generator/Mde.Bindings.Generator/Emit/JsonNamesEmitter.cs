using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// Emits, inside each model, <c>JsonNames</c> (a constant per property: the JSON name it is written with) and, when
/// a property has aliases, <c>JsonAliases</c> (the other names it is also read from), so that code which reads or
/// writes the same JSON by hand takes its spellings from the spec instead of repeating them.
/// </summary>
internal static class JsonNamesEmitter
{
    public static string Emit(ApiSpec spec)
    {
        SourceWriter w = SourceWriter.ForFile(spec.Namespace);
        bool first = true;
        foreach (ModelSpec model in spec.Models)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            w.Line($"{spec.Accessibility} sealed partial class {model.Name}").Open();
            EmitNames(w, model);
            if (model.Properties.Any(p => !p.Aliases.IsEmpty))
            {
                w.Line();
                EmitAliases(w, model);
            }

            w.Close();
        }

        return w.Finish();
    }

    private static void EmitNames(SourceWriter w, ModelSpec model)
    {
        w.Line("/// <summary>The JSON name each member of <see cref=\"" + model.Name + "\"/> is written with, as the spec declares it.</summary>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line("public static class " + GeneratedNames.JsonNamesClass);
        w.Open();
        for (int i = 0; i < model.Properties.Count; i++)
        {
            PropertySpec property = model.Properties[i];
            if (i > 0)
            {
                w.Line();
            }

            w.Line("/// <summary>The JSON name of <see cref=\"" + model.Name + "." + property.CSharpName + "\"/>.</summary>");
            w.Line("public const string " + property.CSharpName + " = " + SourceWriter.Literal(property.JsonName) + ";");
        }

        w.Close();
    }

    private static void EmitAliases(SourceWriter w, ModelSpec model)
    {
        w.Line("/// <summary>The other JSON names members of <see cref=\"" + model.Name + "\"/> are also read from (spellings that drifted), for the members that have any.</summary>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line("public static class " + GeneratedNames.JsonAliasesClass);
        w.Open();
        bool first = true;
        foreach (PropertySpec property in model.Properties.Where(p => !p.Aliases.IsEmpty))
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            w.Line("/// <summary>The other JSON names of <see cref=\"" + model.Name + "." + property.CSharpName + "\"/>, in the spec's order.</summary>");
            // Read-only in fact, not only in type: the converters match names against these lists.
            w.Line("public static " + KnownTypes.IReadOnlyList + "<string> " + property.CSharpName + " { get; } = " + KnownTypes.Array + ".AsReadOnly(new string[] { "
                + string.Join(", ", property.Aliases.Select(SourceWriter.Literal)) + " });");
        }

        w.Close();
    }
}
