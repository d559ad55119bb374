using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// Emits a model's reflection-free JSON converter: properties are read by their JSON name or any alias (exact match
/// first, then ignoring case; <see cref="WriteMemberMatching"/>), unknown members are skipped
/// (<see cref="WriteRead"/>), and written by their JSON name (<see cref="WriteWrite"/>). Property <c>i</c> is
/// member number <c>i</c> throughout: its encoded name <c>s_name{i}</c>, its local <c>value{i}</c>. Names as text come
/// from the model's <c>JsonNames</c> and <c>JsonAliases</c> (<see cref="JsonNamesEmitter"/>), so the output spells each
/// once; only the UTF-8 byte forms are literals, as a <c>u8</c> literal cannot be made from a constant.
/// </summary>
internal static partial class ModelConverterEmitter
{
    public static void Emit(SourceWriter w, ApiSpec spec, ModelSpec model) =>
        ConverterShell.Write(w, spec, model.Name, model.ConverterName, "as JSON without reflection", members =>
        {
            WriteEncodedNames(members, spec.Names, model);
            WriteRead(members, spec, model);
            members.Line();
            WriteWrite(members, spec, model);
            members.Line();
            WriteMemberMatching(members, spec.Names, model);
        });

    /// <summary>
    /// A required member whose type has no null on the wire (a string, a list, a model): reading refuses a null for it,
    /// and writing refuses to send one.
    /// </summary>
    private static bool RefusesNull(PropertySpec p) => p.Required && !p.Type.IsNullable && !CSharpTypes.IsValueType(p.Type);

    private static void WriteEncodedNames(SourceWriter w, GeneratedNames names, ModelSpec model)
    {
        for (int i = 0; i < model.Properties.Count; i++)
        {
            string name = names.JsonNameOf(model.Name, model.Properties[i].CSharpName);
            w.Line("private static readonly " + KnownTypes.JsonEncodedText + " s_name" + i + " = " + KnownTypes.JsonEncodedText + ".Encode(" + name + ");");
        }

        if (model.Properties.Count > 0)
        {
            w.Line();
        }
    }
}
