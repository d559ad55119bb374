using System;
using System.Collections.Generic;
using System.Linq;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Spec.Json;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Spec;

/// <summary>
/// Multipart bodies (spec version 2): <c>"body": { "multipart": "FormModel" }</c>. The form model's properties are the
/// form's fields, named by their JSON names; they are scalars, enums or <c>file</c>, and the model is never JSON.
/// </summary>
internal sealed partial class SpecReader
{
    private static readonly string[] s_multipartBodyKeys = ["multipart"];

    // Models named by a multipart body. Known before models are read, since only their fields may be 'file'.
    private readonly HashSet<string> _formModels = new(StringComparer.Ordinal);
    private bool _readingFormModel;
    private bool _resolvingMultipartBody;

    /// <summary>
    /// Finds the models that operations send as multipart bodies, without reporting: the endpoints are read (and
    /// their mistakes reported) later.
    /// </summary>
    private void CollectFormModels(Dictionary<string, JsonMember> members)
    {
        if (!members.TryGetValue("endpoints", out JsonMember? endpoints) || endpoints.Value is not JsonObject operations)
        {
            return;
        }

        foreach (JsonObject operation in operations.Members.Select(m => m.Value).OfType<JsonObject>())
        {
            foreach (JsonMember body in operation.Members.Where(m => m.Name == "body"))
            {
                if (body.Value is JsonObject form && form.Members.FirstOrDefault(m => m.Name == "multipart")?.Value is JsonString { Value: var name }
                    && _declaredTypes.TryGetValue(name, out TypeKind kind) && kind == TypeKind.Model)
                {
                    _formModels.Add(name);
                }
            }
        }
    }

    /// <summary>Whether a property of a form model can be a form field: a scalar, an enum or a file, not an array.</summary>
    private bool IsFormField(string model, JsonMember entry, PropertySpec property)
    {
        TypeRef type = property.Type;
        if (!type.IsArray && (type.Kind == TypeKind.Enum || (type.Kind == TypeKind.Primitive && type.Primitive != PrimitiveKind.Json)))
        {
            return true;
        }

        Report(DiagnosticDescriptors.InvalidProperty, entry.NameSpan, entry.Name, model, "has type '" + type.SpecText + "', but '" + model + "' is a multipart form model: its fields are scalars (a primitive or an enum) or 'file'");
        return false;
    }

    /// <summary>Reads <c>{ "multipart": "FormModel" }</c>; null (reported) when it is not usable.</summary>
    private TypeRef? ReadMultipartBody(string operation, string? method, JsonMember bodyMember, JsonObject node)
    {
        bool allowed = RequireSpecVersion2(bodyMember.NameSpan, "A \"body\": { \"multipart\": … }");
        if (method is not null and not ("POST" or "PUT"))
        {
            Report(DiagnosticDescriptors.InvalidBody, bodyMember.NameSpan, "'" + operation + "' is a " + method + ": a multipart body is sent with POST or PUT");
            allowed = false;
        }

        Dictionary<string, JsonMember> members = ReadMembers(node, "the body of '" + operation + "'", s_multipartBodyKeys);
        if (!members.TryGetValue("multipart", out JsonMember? formMember))
        {
            Report(DiagnosticDescriptors.MissingKey, node.OpeningBrace, "The body of '" + operation + "'", "multipart", "\"multipart\": \"UploadForm\" (a model whose properties are the form's fields), or write the body as a model name for JSON");
            return null;
        }

        _resolvingMultipartBody = true;
        TypeRef? type = ResolveType(formMember.Value, "multipart");
        _resolvingMultipartBody = false;
        if (type is not null && (type.Kind != TypeKind.Model || type.IsArray || type.IsNullable))
        {
            Report(DiagnosticDescriptors.InvalidBody, formMember.Value.Span, "The multipart body of '" + operation + "' must be the name of a model declared under \"models\" (its properties are the form's fields), not '" + type.SpecText + "'");
            return null;
        }

        return allowed ? type : null;
    }
}
