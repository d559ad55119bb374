using System.Collections.Generic;
using System.Linq;
using System.Text;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// The converter's <c>MatchMember</c>: the member number of the property name at the reader, or -1. By length then
/// bytes when the name has no escapes (the usual case), else through the reader, then ignoring case.
/// </summary>
internal static partial class ModelConverterEmitter
{
    private static void WriteMemberMatching(SourceWriter w, GeneratedNames generated, ModelSpec model)
    {
        w.Line("private static int MatchMember(ref " + KnownTypes.Utf8JsonReader + " reader)");
        w.Open();
        if (model.Properties.Count > 0)
        {
            var names = model.Properties.SelectMany((p, i) => new[] { p.JsonName }.Concat(p.Aliases).Select(n => (Name: n, Index: i))).ToList();
            w.Line("if (!reader.ValueIsEscaped && !reader.HasValueSequence)");
            w.Open().Line(KnownTypes.ReadOnlySpan + "<byte> utf8 = reader.ValueSpan;");
            w.Line("switch (utf8.Length)");
            w.Open();
            foreach (var group in names.GroupBy(n => Encoding.UTF8.GetByteCount(n.Name)).OrderBy(g => g.Key))
            {
                w.Line("case " + group.Key + ":");
                foreach ((string name, int index) in group)
                {
                    w.Line("    if (" + KnownTypes.MemoryExtensions + ".SequenceEqual(utf8, " + SourceWriter.Utf8Literal(name) + ")) return " + index + ";");
                }

                w.Line("    break;");
            }

            w.Close().Close();
            w.Line("else");
            w.Open();
            foreach ((string name, int index) in names)
            {
                w.Line("if (reader.ValueTextEquals(" + SourceWriter.Utf8Literal(name) + ")) return " + index + ";");
            }

            w.Close().Block("""

                // Not an exact match: accept the same names in any letter case, as web JSON defaults do.
                string name = reader.GetString()!;
                """);
            for (int i = 0; i < model.Properties.Count; i++)
            {
                PropertySpec p = model.Properties[i];
                string aliases = generated.JsonAliasesOf(model.Name, p.CSharpName);
                IEnumerable<string> spellings = new[] { generated.JsonNameOf(model.Name, p.CSharpName) }
                    .Concat(Enumerable.Range(0, p.Aliases.Count).Select(k => aliases + "[" + k + "]"));
                string test = string.Join(" || ", spellings.Select(n => KnownTypes.StringComparer + ".OrdinalIgnoreCase.Equals(name, " + n + ")"));
                w.Line("if (" + test + ") return " + i + ";");
            }
        }

        w.Line("return -1;").Close();
    }
}
