using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mde.Bindings.Generator.Common;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Spec.Json;
using Mde.Bindings.Generator.Spec.Model;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Spec;

/// <summary>Reading <c>endpoints</c>: method, path and parameters, permissions, limits, body and returns.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] s_endpointKeys = ["summary", "method", "path", "parameters", "body", "permissions", "limits", "returns"];
    private static readonly string[] s_parameterKeys = ["type", "in", "name", "summary"];
    private static readonly string[] s_permissionKeys = ["application", "delegated"];
    private static readonly string[] s_returnKeys = ["value", "downloadLink", "exportFiles", "validFor", "pages"];
    private static readonly string[] s_methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    private List<EndpointSpec> ReadEndpoints(JsonMember endpointsMember)
    {
        var endpoints = new List<EndpointSpec>();
        if (AsObject(endpointsMember) is not { } node)
        {
            return endpoints;
        }

        foreach (JsonMember entry in DistinctEntries(node, "Operation", "endpoints"))
        {
            if (Naming.WhyNotIdentifier(entry.Name) is { } why)
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, entry.NameSpan, "Operation name", entry.Name, why);
                continue;
            }

            if (GeneratedNames.IsDescriptionMember(entry.Name))
            {
                Report(DiagnosticDescriptors.NameConflict, entry.NameSpan, "Operation", entry.Name, "a member of the generated {Name}ApiDescription class");
                continue;
            }

            if (AsObject(entry) is { } body && ReadEndpoint(entry, body) is { } endpoint)
            {
                endpoints.Add(endpoint);
            }
        }

        CheckPageMethodConflicts(node, endpoints);
        return endpoints;
    }

    private EndpointSpec? ReadEndpoint(JsonMember entry, JsonObject node)
    {
        string operation = entry.Name;
        int errorsBefore = _diagnostics.Count;
        Dictionary<string, JsonMember> members = ReadMembers(node, "operation '" + operation + "'", s_endpointKeys);
        string? summary = OptionalString(members, "summary");

        string? method = RequireString(entry.NameSpan, members, "method", "operation '" + operation + "'", "\"method\": \"GET\"");
        if (method is not null && !s_methods.Contains(method))
        {
            Report(DiagnosticDescriptors.InvalidMethod, members["method"].Value.Span, method);
            method = null;
        }

        string? path = RequireString(entry.NameSpan, members, "path", "operation '" + operation + "'", "\"path\": \"/api/resource/{id}\"");
        // Null when the path is missing or unusable: then whether parameters appear in it cannot be judged.
        List<PathPart>? parts = path is null ? null : ReadPathTemplate(operation, members["path"].Value);

        List<ParameterSpec> parameters = ReadParameters(operation, members, parts?.Where(p => p.IsPlaceholder).ToList());
        (TypeRef? body, bool isMultipart) = ReadBody(operation, method, members);
        (EquatableArray<string> application, EquatableArray<string> delegated) = ReadPermissions(operation, entry, members);
        List<LimitSpec> limits = ReadLimits(members);
        ReturnSpec returns = ReadReturns(operation, members);
        CheckPagedMethod(operation, method, members, returns);

        if (_diagnostics.Count != errorsBefore || method is null || path is null || parts is null)
        {
            return null;
        }

        EquatableArray<PathSegment> segments = parts
            .Select(part => part.IsPlaceholder ? PathSegment.Of(parameters.First(p => p.Location == ParameterLocation.Path && p.WireName == part.Text)) : PathSegment.Literal(part.Text))
            .ToEquatableArray();
        return new EndpointSpec(
            operation, GeneratedNames.MethodOf(operation), summary, method, path, segments, parameters.ToEquatableArray(), body, application, delegated, limits.ToEquatableArray(), returns,
            FormerPermissions(node, "application", application), FormerPermissions(node, "delegated", delegated), isMultipart);
    }

    /// <summary>
    /// The permissions of one kind that the endpoint's <c>x-permissions-history</c> note lists and the current list does
    /// not. The note is free-form like every <c>x-</c> key: what is not an array of objects holding arrays of strings is
    /// skipped, never reported.
    /// </summary>
    private static EquatableArray<string> FormerPermissions(JsonObject endpoint, string kind, EquatableArray<string> current)
    {
        var former = new List<string>();
        foreach (JsonMember note in endpoint.Members)
        {
            if (note.Name != "x-permissions-history" || note.Value is not JsonArray versions)
            {
                continue;
            }

            foreach (JsonObject version in versions.Items.OfType<JsonObject>())
            {
                foreach (JsonMember list in version.Members.Where(m => m.Name == kind))
                {
                    if (list.Value is JsonArray names)
                    {
                        former.AddRange(names.Items.OfType<JsonString>().Select(n => n.Value.Trim()).Where(n => n.Length > 0 && !current.Contains(n) && !former.Contains(n)));
                    }
                }
            }
        }

        return former.ToEquatableArray();
    }

    /// <summary>A piece of a path as written: literal text, or a <c>{placeholder}</c> and where it sits in the spec.</summary>
    private readonly record struct PathPart(string Text, bool IsPlaceholder, TextSpan Span);

    /// <summary>The path split into literal text and placeholders, or null (reported) when it is unusable.</summary>
    private List<PathPart>? ReadPathTemplate(string operation, JsonNode pathNode)
    {
        var parts = new List<PathPart>();
        string path = ((JsonString)pathNode).Value;
        // The path text sits one character after the opening quote; escapes are rare in paths and only shift columns.
        int offset = pathNode.Span.Start + 1;
        if (!path.StartsWith("/", StringComparison.Ordinal))
        {
            Report(DiagnosticDescriptors.InvalidPath, pathNode.Span, operation, "must start with '/': write \"/" + path + "\"");
            return null;
        }

        int queryAt = path.IndexOfAny(['?', '#']);
        if (queryAt >= 0)
        {
            Report(DiagnosticDescriptors.InvalidPath, new TextSpan(offset + queryAt, 1), operation, "must not hold a query string: declare query parameters as { \"type\": \"…\", \"in\": \"query\" }");
            return null;
        }

        int literalStart = 0;
        int i = 0;
        while (i < path.Length)
        {
            char c = path[i];
            if (c == '}')
            {
                Report(DiagnosticDescriptors.InvalidPath, new TextSpan(offset + i, 1), operation, "has a '}' without its '{'");
                return null;
            }

            if (c != '{')
            {
                i++;
                continue;
            }

            int close = path.IndexOf('}', i + 1);
            int nextOpen = path.IndexOf('{', i + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            {
                Report(DiagnosticDescriptors.InvalidPath, new TextSpan(offset + i, 1), operation, "has a '{' that is not closed: write {name}");
                return null;
            }

            string name = path.Substring(i + 1, close - i - 1);
            var span = new TextSpan(offset + i, close - i + 1);
            if (Naming.WhyNotIdentifier(name) is { } why)
            {
                Report(DiagnosticDescriptors.InvalidPath, span, operation, "has placeholder {" + name + "}, which is not an identifier: " + why);
                return null;
            }
            else if (parts.Any(p => p.IsPlaceholder && p.Text == name))
            {
                Report(DiagnosticDescriptors.InvalidPath, span, operation, "uses {" + name + "} twice: each placeholder may appear once");
            }
            else
            {
                if (i > literalStart)
                {
                    parts.Add(new PathPart(path.Substring(literalStart, i - literalStart), false, default));
                }

                parts.Add(new PathPart(name, true, span));
            }

            i = close + 1;
            literalStart = i;
        }

        if (literalStart < path.Length)
        {
            parts.Add(new PathPart(path.Substring(literalStart), false, default));
        }

        return parts;
    }

    private List<ParameterSpec> ReadParameters(string operation, Dictionary<string, JsonMember> members, List<PathPart>? placeholders)
    {
        var pathParameters = new Dictionary<string, ParameterSpec>(StringComparer.Ordinal);
        var queryParameters = new List<ParameterSpec>();
        var csharpNames = new HashSet<string>(StringComparer.Ordinal) { GeneratedNames.CancellationTokenParameter, GeneratedNames.BodyParameter };
        JsonObject? node = members.TryGetValue("parameters", out JsonMember? parametersMember) ? AsObject(parametersMember) : null;

        foreach (JsonMember entry in node is null ? [] : DistinctEntries(node, "Parameter", "operation '" + operation + "'"))
        {
            ParameterSpec? parameter = ReadParameter(operation, entry);
            if (parameter is null)
            {
                continue;
            }

            if (!csharpNames.Add(parameter.CSharpName))
            {
                Report(DiagnosticDescriptors.NameConflict, entry.NameSpan, "Parameter", parameter.CSharpName, parameter.CSharpName is GeneratedNames.CancellationTokenParameter or GeneratedNames.BodyParameter
                    ? "a parameter every generated method has (set \"name\")"
                    : "another parameter of '" + operation + "' (set \"name\")");
                continue;
            }

            if (parameter.Location == ParameterLocation.Query)
            {
                if (placeholders is not null && placeholders.Any(p => p.Text == parameter.WireName))
                {
                    Report(DiagnosticDescriptors.InvalidParameter, entry.NameSpan, parameter.WireName, operation, "is declared \"in\": \"query\" but the path uses {" + parameter.WireName + "}: declare it as a path parameter (leave \"in\" out), or rename the query parameter");
                    continue;
                }

                queryParameters.Add(parameter);
                continue;
            }

            if (placeholders is null)
            {
                continue;
            }

            if (!placeholders.Any(p => p.Text == parameter.WireName))
            {
                Report(DiagnosticDescriptors.UnusedPathParameter, entry.NameSpan, parameter.WireName, operation);
                continue;
            }

            pathParameters.Add(parameter.WireName, parameter);
        }

        var ordered = new List<ParameterSpec>();
        foreach ((string name, _, TextSpan span) in placeholders ?? [])
        {
            if (pathParameters.TryGetValue(name, out ParameterSpec? parameter))
            {
                ordered.Add(parameter);
            }
            else if (node is null || !node.Members.Any(m => m.Name == name))
            {
                Report(DiagnosticDescriptors.UndeclaredPathParameter, span, operation, name);
            }
        }

        ordered.AddRange(queryParameters);
        return ordered;
    }

    private ParameterSpec? ReadParameter(string operation, JsonMember entry)
    {
        string wireName = entry.Name;
        TypeRef? type;
        var location = ParameterLocation.Path;
        string csharpName = Naming.ToCamelCase(wireName);
        TextSpan nameSpan = entry.NameSpan;
        string? summary = null;

        if (entry.Value is JsonString bare)
        {
            type = ResolveType(bare);
        }
        else if (entry.Value is JsonObject body)
        {
            Dictionary<string, JsonMember> members = ReadMembers(body, "parameter '" + wireName + "' of '" + operation + "'", s_parameterKeys);
            if (members.TryGetValue("type", out JsonMember? typeMember))
            {
                type = ResolveType(typeMember.Value, "type");
            }
            else
            {
                Report(DiagnosticDescriptors.MissingKey, entry.NameSpan, "Parameter '" + wireName + "' of '" + operation + "'", "type", "\"type\": \"string\"");
                type = null;
            }

            if (members.TryGetValue("in", out JsonMember? inMember) && NonEmptyString(inMember) is { } where)
            {
                if (where == "query")
                {
                    location = ParameterLocation.Query;
                }
                else if (where != "path")
                {
                    Report(DiagnosticDescriptors.InvalidParameter, inMember.Value.Span, wireName, operation, "has \"in\": \"" + where + "\": write \"path\" or \"query\"");
                    return null;
                }
            }

            if (members.TryGetValue("name", out JsonMember? nameMember))
            {
                if (NonEmptyString(nameMember) is not { } explicitName)
                {
                    return null;
                }

                csharpName = explicitName;
                nameSpan = nameMember.Value.Span;
            }

            summary = OptionalString(members, "summary");
        }
        else
        {
            Report(DiagnosticDescriptors.WrongValueKind, entry.Value.Span, wireName, "a type string (a path parameter) or an object with \"type\" and \"in\"", entry.Value.KindText);
            return null;
        }

        if (Naming.WhyNotIdentifier(csharpName) is { } why)
        {
            if (nameSpan == entry.NameSpan)
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, nameSpan, "Parameter", wireName, "its C# name would be '" + csharpName + "' (" + why + "); set \"name\" to a C# name");
            }
            else
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, nameSpan, "Parameter name", csharpName, why);
            }

            return null;
        }

        if (type is null)
        {
            return null;
        }

        if (type.IsArray || type.Kind == TypeKind.Model || type.Primitive == PrimitiveKind.Json)
        {
            Report(DiagnosticDescriptors.InvalidParameter, entry.NameSpan, wireName, operation, "has type '" + type.SpecText + "': path and query parameters must be scalar (a primitive or an enum)");
            return null;
        }

        if (location == ParameterLocation.Path && type.IsNullable)
        {
            Report(DiagnosticDescriptors.InvalidParameter, entry.NameSpan, wireName, operation, "is a path parameter and cannot be nullable: write '" + type.Name + "'");
            return null;
        }

        return new ParameterSpec(wireName, csharpName, type, location, summary);
    }

    private (TypeRef? Type, bool IsMultipart) ReadBody(string operation, string? method, Dictionary<string, JsonMember> members)
    {
        if (!members.TryGetValue("body", out JsonMember? bodyMember))
        {
            return (null, false);
        }

        if (method is "GET" or "DELETE")
        {
            Report(DiagnosticDescriptors.InvalidBody, bodyMember.NameSpan, "'" + operation + "' is a " + method + " and cannot have a body: remove \"body\" or use POST, PUT or PATCH");
            return (null, false);
        }

        if (bodyMember.Value is JsonObject form)
        {
            return (ReadMultipartBody(operation, method, bodyMember, form), true);
        }

        TypeRef? type = ResolveType(bodyMember.Value, "body");
        if (type is not null && (type.Kind != TypeKind.Model || type.IsArray || type.IsNullable))
        {
            Report(DiagnosticDescriptors.InvalidBody, bodyMember.Value.Span, "The body of '" + operation + "' must be the name of a model declared under \"models\" (or { \"multipart\": \"FormModel\" } for a form), not '" + type.SpecText + "'");
            return (null, false);
        }

        return (type, false);
    }

    private (EquatableArray<string> Application, EquatableArray<string> Delegated) ReadPermissions(string operation, JsonMember entry, Dictionary<string, JsonMember> members)
    {
        var none = (EquatableArray<string>.Empty, EquatableArray<string>.Empty);
        if (!members.TryGetValue("permissions", out JsonMember? permissionsMember))
        {
            Report(DiagnosticDescriptors.MissingKey, entry.NameSpan, "Operation '" + operation + "'", "permissions", "\"permissions\": { \"application\": [\"…\"], \"delegated\": [\"…\"] }");
            return none;
        }

        if (AsObject(permissionsMember) is not { } node)
        {
            return none;
        }

        Dictionary<string, JsonMember> kinds = ReadMembers(node, "the permissions of '" + operation + "'", s_permissionKeys);
        List<string> application = kinds.TryGetValue("application", out JsonMember? app) ? StringArray(app).Select(p => p.Value).ToList() : [];
        List<string> delegated = kinds.TryGetValue("delegated", out JsonMember? del) ? StringArray(del).Select(p => p.Value).ToList() : [];
        if (application.Count == 0 && delegated.Count == 0)
        {
            Report(DiagnosticDescriptors.MissingPermissions, permissionsMember.NameSpan, operation);
        }

        return (application.ToEquatableArray(), delegated.ToEquatableArray());
    }

    private List<LimitSpec> ReadLimits(Dictionary<string, JsonMember> members)
    {
        var limits = new List<LimitSpec>();
        if (!members.TryGetValue("limits", out JsonMember? limitsMember))
        {
            return limits;
        }

        foreach ((string text, TextSpan span) in StringArray(limitsMember))
        {
            if (!LimitParser.TryParse(text, out LimitSpec? limit))
            {
                Report(DiagnosticDescriptors.InvalidLimit, span, text);
                continue;
            }

            if (limits.Any(l => l.Unit == limit!.Unit))
            {
                Report(DiagnosticDescriptors.DuplicateName, span, "Limit window", limit!.Unit, " in this operation's limits", "keep one limit per window");
                continue;
            }

            limits.Add(limit!);
        }

        return limits;
    }

    private ReturnSpec ReadReturns(string operation, Dictionary<string, JsonMember> members)
    {
        if (!members.TryGetValue("returns", out JsonMember? returnsMember))
        {
            return ReturnSpec.Nothing;
        }

        if (returnsMember.Value is JsonString text)
        {
            return ResolveType(text) is { } type ? new ReturnSpec(ReturnKind.Value, type, 0) : ReturnSpec.Nothing;
        }

        if (returnsMember.Value is not JsonObject node)
        {
            Report(DiagnosticDescriptors.InvalidReturns, returnsMember.Value.Span, operation, "is " + returnsMember.Value.KindText);
            return ReturnSpec.Nothing;
        }

        Dictionary<string, JsonMember> shape = ReadMembers(node, "the returns of '" + operation + "'", s_returnKeys);
        if (shape.TryGetValue("pages", out JsonMember? pagesMember))
        {
            return ReadPagesReturn(operation, shape, pagesMember);
        }

        bool hasValue = shape.TryGetValue("value", out JsonMember? valueMember);
        bool hasLink = shape.TryGetValue("downloadLink", out JsonMember? linkMember);
        bool hasExport = shape.TryGetValue("exportFiles", out JsonMember? exportMember);
        int forms = (hasValue ? 1 : 0) + (hasLink ? 1 : 0) + (hasExport ? 1 : 0);
        if (forms != 1)
        {
            Report(DiagnosticDescriptors.InvalidReturns, node.OpeningBrace, operation, forms == 0
                ? "has none of \"value\", \"downloadLink\" and \"exportFiles\""
                : "has more than one of \"value\", \"downloadLink\" and \"exportFiles\": keep one");
            return ReturnSpec.Nothing;
        }

        if (hasExport)
        {
            return ReadExportFiles(operation, node, shape, exportMember!);
        }

        if (hasValue)
        {
            if (shape.TryGetValue("validFor", out JsonMember? stray))
            {
                Report(DiagnosticDescriptors.InvalidReturns, stray.NameSpan, operation, "has \"validFor\" without \"downloadLink\"");
            }

            return ResolveType(valueMember!.Value, "value") is { } valueType ? new ReturnSpec(ReturnKind.ODataValue, valueType, 0) : ReturnSpec.Nothing;
        }

        TypeRef? content = null;
        bool isBytes = linkMember!.Value is JsonString { Value: TypeParser.Bytes };
        if (!isBytes)
        {
            content = ResolveType(linkMember.Value, "downloadLink");
            if (content is not null && (content.Kind != TypeKind.Model || content.IsArray || content.IsNullable))
            {
                Report(DiagnosticDescriptors.InvalidReturns, linkMember.Value.Span, operation, "links to '" + content.SpecText + "': the content of a download link is a model or \"bytes\"");
                content = null;
            }
        }

        if (ReadValidFor(operation, node, shape, "downloadLink") is not { } lifetime)
        {
            return ReturnSpec.Nothing;
        }

        return isBytes || content is not null ? new ReturnSpec(ReturnKind.DownloadLink, content, lifetime.Ticks) : ReturnSpec.Nothing;
    }

    /// <summary>
    /// <c>{ "exportFiles": "RowModel", "validFor": "PT1H" }</c> (spec version 2): links to GZIP JSON-lines files whose
    /// rows are the model.
    /// </summary>
    private ReturnSpec ReadExportFiles(string operation, JsonObject node, Dictionary<string, JsonMember> shape, JsonMember exportMember)
    {
        if (!RequireSpecVersion2(exportMember.NameSpan, "Returns { \"exportFiles\": … }"))
        {
            return ReturnSpec.Nothing;
        }

        TypeRef? row = ResolveType(exportMember.Value, "exportFiles");
        if (row is not null && (row.Kind != TypeKind.Model || row.IsArray || row.IsNullable))
        {
            Report(DiagnosticDescriptors.InvalidReturns, exportMember.Value.Span, operation, "exports rows of '" + row.SpecText + "': the rows of export files are a model (write its name, without [] or ?)");
            row = null;
        }

        TimeSpan? lifetime = ReadValidFor(operation, node, shape, "exportFiles");
        return row is not null && lifetime is { } validFor ? new ReturnSpec(ReturnKind.ExportFiles, row, validFor.Ticks) : ReturnSpec.Nothing;
    }

    /// <summary>The required <c>validFor</c> of a link form: how long the links live.</summary>
    private TimeSpan? ReadValidFor(string operation, JsonObject node, Dictionary<string, JsonMember> shape, string form)
    {
        if (!shape.TryGetValue("validFor", out JsonMember? validForMember))
        {
            Report(DiagnosticDescriptors.InvalidReturns, node.OpeningBrace, operation, "has a \"" + form + "\" without \"validFor\" (how long the link lives, such as \"PT30M\")");
            return null;
        }

        if (NonEmptyString(validForMember) is not { } durationText)
        {
            return null;
        }

        if (!DurationParser.TryParse(durationText, out TimeSpan lifetime))
        {
            Report(DiagnosticDescriptors.InvalidDuration, validForMember.Value.Span, durationText);
            return null;
        }

        return lifetime;
    }
}
