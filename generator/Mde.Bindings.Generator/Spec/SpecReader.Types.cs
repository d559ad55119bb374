using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Spec.Json;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Spec;

/// <summary>Resolving type strings against the primitives and the spec's own models and enums.</summary>
internal sealed partial class SpecReader
{
    /// <summary>Resolves the type a string node names, reporting unknown or malformed types at the node.</summary>
    private TypeRef? ResolveType(JsonNode node, string what)
    {
        if (node is not JsonString text)
        {
            Report(DiagnosticDescriptors.WrongValueKind, node.Span, what, "a type string such as \"string\" or \"MachineAction[]\"", node.KindText);
            return null;
        }

        return ResolveType(text);
    }

    private TypeRef? ResolveType(JsonString text)
    {
        if (!TypeParser.TryParse(text.Value, out string name, out bool isArray, out bool isNullable, out string? error))
        {
            if (error is not null)
            {
                Report(DiagnosticDescriptors.UnknownType, text.Span, text.Value, error);
            }
            else
            {
                Report(DiagnosticDescriptors.UnknownType, text.Span, text.Value, KnownTypes());
            }

            return null;
        }

        PrimitiveKind primitive = TypeParser.ToPrimitive(name);
        if (primitive == PrimitiveKind.Json && !RequireSpecVersion2(text.Span, "The type 'json'"))
        {
            return null;
        }

        if (primitive == PrimitiveKind.File && !_readingFormModel)
        {
            Report(DiagnosticDescriptors.UnknownType, text.Span, text.Value, "'file' is only valid as a field of a multipart form model (an operation's \"body\": { \"multipart\": \"Model\" }); " + KnownTypes());
            return null;
        }

        if (primitive != PrimitiveKind.None)
        {
            return new TypeRef(TypeKind.Primitive, primitive, name, isArray, isNullable);
        }

        if (_declaredTypes.TryGetValue(name, out TypeKind kind))
        {
            if (_formModels.Contains(name) && !_resolvingMultipartBody)
            {
                Report(DiagnosticDescriptors.InvalidBody, text.Span, "'" + name + "' is a multipart form model (an operation's \"body\": { \"multipart\": \"" + name + "\" }) and is never JSON: declare another model for this use");
                return null;
            }

            return new TypeRef(kind, PrimitiveKind.None, name, isArray, isNullable);
        }

        Report(DiagnosticDescriptors.UnknownType, text.Span, text.Value,
            name == TypeParser.Bytes ? "'bytes' is only valid as the content of a download link; " + KnownTypes() : KnownTypes());
        return null;
    }

    private string KnownTypes()
    {
        string declared = _declaredTypes.Count == 0 ? string.Empty : ", or a type this spec declares (" + string.Join(", ", System.Linq.Enumerable.OrderBy(_declaredTypes.Keys, k => k, System.StringComparer.Ordinal)) + ")";
        return "use one of " + TypeParser.PrimitiveList + declared + "; add [] for an array and ? for nullable";
    }
}
