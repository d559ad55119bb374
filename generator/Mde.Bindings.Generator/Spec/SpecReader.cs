using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Mde.Bindings.Generator.Common;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Spec.Json;
using Mde.Bindings.Generator.Spec.Model;
using Microsoft.CodeAnalysis.Text;

namespace Mde.Bindings.Generator.Spec;

/// <summary>
/// Reads one spec file into an <see cref="ApiSpec"/>, reporting every problem as a located MDE2xxx diagnostic.
/// Reading goes on after an error so that one build shows all of a spec's problems; a spec with any error
/// produces no model (and so no code).
/// </summary>
internal sealed partial class SpecReader
{
    private static readonly string[] s_topLevelKeys = ["$schema", "specVersion", "name", "namespace", "audience", "summary", "visibility", "endpoints", "models", "enums"];

    private readonly string _path;
    private readonly SourceText _text;
    private readonly CancellationToken _cancellationToken;
    private readonly List<DiagnosticInfo> _diagnostics = [];
    private readonly Dictionary<string, TypeKind> _declaredTypes = new(StringComparer.Ordinal);

    // The spec's declared version; an unreadable one counts as the newest, so that it is reported once and not again
    // at every newer form the spec uses.
    private int _specVersion = SpecVersions.Newest;

    private SpecReader(string path, SourceText text, CancellationToken cancellationToken)
    {
        _path = path;
        _text = text;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reads a spec; never throws (an unexpected failure becomes MDE2099).</summary>
    public static SpecFileResult Read(string path, SourceText text, SpecOverrides overrides, CancellationToken cancellationToken)
    {
        var reader = new SpecReader(path, text, cancellationToken);
        try
        {
            return reader.ReadFile(overrides);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            return SpecFileResult.Failed(DiagnosticDescriptors.InternalError, path, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private SpecFileResult ReadFile(SpecOverrides overrides)
    {
        JsonNode root;
        try
        {
            root = JsonParser.Parse(_text.ToString());
        }
        catch (JsonParseException ex)
        {
            int start = Math.Min(ex.Position, _text.Length);
            int length = Math.Min(ex.Length, _text.Length - start);
            Report(DiagnosticDescriptors.InvalidJson, new TextSpan(start, length), ex.Message);
            return Result(null, null);
        }

        _cancellationToken.ThrowIfCancellationRequested();
        if (root is not JsonObject top)
        {
            Report(DiagnosticDescriptors.WrongValueKind, root.Span, "the spec", "an object", root.KindText);
            return Result(null, null);
        }

        Dictionary<string, JsonMember> members = ReadMembers(top, "the spec", s_topLevelKeys);

        ReadSpecVersion(top, members);
        string? name = RequireIdentifier(top.OpeningBrace, members, "name", "the spec", "API name", "\"name\": \"LiveResponse\"");
        string? ns = overrides.Namespace ?? RequireNamespace(top, members);
        if (overrides.Namespace is not null && Naming.WhyNotNamespace(overrides.Namespace) is { } nsWhy)
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, TextSpan.FromBounds(0, 0), "Namespace (from MdeBindingsNamespace)", overrides.Namespace, nsWhy);
            ns = null;
        }

        string? audience = RequireAudience(top, members);
        string? summary = OptionalString(members, "summary");
        bool isInternal = ReadVisibility(members, overrides.Visibility);

        // Declared type names first: endpoints and models may use types declared after them.
        JsonObject? modelsNode = OptionalObject(members, "models");
        JsonObject? enumsNode = OptionalObject(members, "enums");
        DeclareTypes(modelsNode, TypeKind.Model, "Model");
        DeclareTypes(enumsNode, TypeKind.Enum, "Enum");

        CollectFormModels(members);
        var enums = enumsNode is null ? [] : ReadEnums(enumsNode);
        var models = modelsNode is null ? [] : ReadModels(modelsNode);
        var endpoints = members.TryGetValue("endpoints", out JsonMember? endpointsMember)
            ? ReadEndpoints(endpointsMember)
            : MissingEndpoints(top);

        if (name is null || ns is null)
        {
            return Result(null, null);
        }

        // Generated names are derived here, once: the clash checks below and every emitter use these.
        var names = new GeneratedNames(ns, name);
        CheckGeneratedNameConflicts(names, modelsNode, enumsNode);
        var identity = new SpecIdentity(_path, ns, name, Location(members["name"].Value.Span), names.TypeNames.Concat(_declaredTypes.Keys).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray());
        ApiSpec? spec = _diagnostics.Count == 0 && audience is not null
            ? new ApiSpec(_path, name, ns, names, audience, summary, isInternal, endpoints.ToEquatableArray(), models.ToEquatableArray(), enums.ToEquatableArray(), _specVersion)
            : null;
        return Result(spec, identity);
    }

    private List<EndpointSpec> MissingEndpoints(JsonObject top)
    {
        Report(DiagnosticDescriptors.MissingKey, top.OpeningBrace, "The spec", "endpoints", "\"endpoints\": { \"OperationName\": { … } }");
        return [];
    }

    private void ReadSpecVersion(JsonObject top, Dictionary<string, JsonMember> members)
    {
        if (!members.TryGetValue("specVersion", out JsonMember? member))
        {
            Report(DiagnosticDescriptors.MissingKey, top.OpeningBrace, "The spec", "specVersion", "\"specVersion\": 1");
            return;
        }

        if (member.Value is not JsonNumber number)
        {
            Report(DiagnosticDescriptors.WrongValueKind, member.Value.Span, "specVersion", "the number 1 or 2", member.Value.KindText);
            return;
        }

        if (SpecVersions.Parse(number.Text) is { } version)
        {
            _specVersion = version;
        }
        else
        {
            Report(DiagnosticDescriptors.UnsupportedSpecVersion, number.Span, number.Text);
        }
    }

    private string? RequireNamespace(JsonObject top, Dictionary<string, JsonMember> members)
    {
        string? ns = RequireString(top.OpeningBrace, members, "namespace", "the spec", "\"namespace\": \"Contoso.Defender\"");
        if (ns is not null && Naming.WhyNotNamespace(ns) is { } why)
        {
            Report(DiagnosticDescriptors.InvalidIdentifier, members["namespace"].Value.Span, "Namespace", ns, why);
            return null;
        }

        return ns;
    }

    private string? RequireAudience(JsonObject top, Dictionary<string, JsonMember> members)
    {
        string? audience = RequireString(top.OpeningBrace, members, "audience", "the spec", "\"audience\": \"https://api.securitycenter.microsoft.com\"");
        if (audience is null)
        {
            return null;
        }

        if (!Uri.TryCreate(audience, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "https" && uri.Scheme != "api"))
        {
            Report(DiagnosticDescriptors.WrongValueKind, members["audience"].Value.Span, "audience", "an absolute https or api:// URI (the token audience, such as https://api.securitycenter.microsoft.com)", "'" + audience + "'");
            return null;
        }

        return audience;
    }

    private bool ReadVisibility(Dictionary<string, JsonMember> members, string? overrideValue)
    {
        if (overrideValue is not null)
        {
            if (overrideValue is "public" or "internal")
            {
                return overrideValue == "internal";
            }

            Report(DiagnosticDescriptors.InvalidVisibility, new TextSpan(0, 0), overrideValue);
            return false;
        }

        string? visibility = OptionalString(members, "visibility");
        if (visibility is null or "public")
        {
            return false;
        }

        if (visibility == "internal")
        {
            return true;
        }

        Report(DiagnosticDescriptors.InvalidVisibility, members["visibility"].Value.Span, visibility);
        return false;
    }

    private void DeclareTypes(JsonObject? node, TypeKind kind, string what)
    {
        if (node is null)
        {
            return;
        }

        foreach (JsonMember member in node.Members)
        {
            if (IsNote(member.Name))
            {
                continue;
            }

            if (Naming.WhyNotIdentifier(member.Name) is { } why)
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, member.NameSpan, what + " name", member.Name, why);
                continue;
            }

            if (TypeParser.IsPrimitiveKeyword(member.Name))
            {
                Report(DiagnosticDescriptors.NameConflict, member.NameSpan, what, member.Name, "the built-in type of the same name");
                continue;
            }

            if (_declaredTypes.ContainsKey(member.Name))
            {
                Report(DiagnosticDescriptors.DuplicateName, member.NameSpan, "Type", member.Name, " (models and enums share one namespace)", "give each a distinct name");
                continue;
            }

            _declaredTypes.Add(member.Name, kind);
        }
    }

    private void CheckGeneratedNameConflicts(GeneratedNames names, JsonObject? modelsNode, JsonObject? enumsNode)
    {
        foreach (JsonMember member in (modelsNode?.Members ?? []).Concat(enumsNode?.Members ?? []))
        {
            if (names.TypeNames.Contains(member.Name) || member.Name.EndsWith(GeneratedNames.ConverterSuffix, StringComparison.Ordinal))
            {
                Report(DiagnosticDescriptors.NameConflict, member.NameSpan, "Type", member.Name, "a name the generator gives its own types (" + string.Join(", ", names.TypeNames) + ", *" + GeneratedNames.ConverterSuffix + ")");
            }
        }
    }

    private SpecFileResult Result(ApiSpec? spec, SpecIdentity? identity) =>
        new(spec, _diagnostics.ToEquatableArray(), identity);

    private static bool IsNote(string key) => key.StartsWith("x-", StringComparison.Ordinal);
}
