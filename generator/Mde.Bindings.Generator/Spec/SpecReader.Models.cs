using System;
using System.Collections.Generic;
using System.Linq;
using Mde.Bindings.Generator.Common;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Spec.Json;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Spec;

/// <summary>Reading <c>models</c> and <c>enums</c>.</summary>
internal sealed partial class SpecReader
{
    private static readonly string[] s_modelKeys = ["summary", "properties"];
    private static readonly string[] s_propertyKeys = ["type", "aliases", "summary", "name", "required", "nulPadded"];
    private static readonly string[] s_enumKeys = ["summary", "values"];

    /// <summary>Member names every class inherits from <see cref="object"/>; a property must not hide them.</summary>
    private static readonly HashSet<string> s_objectMembers = new(StringComparer.Ordinal) { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    private List<ModelSpec> ReadModels(JsonObject node)
    {
        var models = new List<ModelSpec>();
        foreach (JsonMember entry in DistinctEntries(node, null, "models"))
        {
            if (!_declaredTypes.TryGetValue(entry.Name, out TypeKind kind) || kind != TypeKind.Model || AsObject(entry) is not { } body)
            {
                continue;
            }

            Dictionary<string, JsonMember> members = ReadMembers(body, "model '" + entry.Name + "'", s_modelKeys);
            string? summary = OptionalString(members, "summary");
            if (!members.TryGetValue("properties", out JsonMember? propertiesMember))
            {
                Report(DiagnosticDescriptors.MissingKey, entry.NameSpan, "Model '" + entry.Name + "'", "properties", "\"properties\": { \"jsonName\": \"string\" }");
                continue;
            }

            if (AsObject(propertiesMember) is not { } propertiesNode)
            {
                continue;
            }

            bool isForm = _formModels.Contains(entry.Name);
            _readingFormModel = isForm;
            List<PropertySpec> properties = ReadProperties(entry.Name, propertiesNode);
            _readingFormModel = false;
            models.Add(new ModelSpec(entry.Name, GeneratedNames.ConverterOf(entry.Name), summary, properties.ToEquatableArray(), isForm));
        }

        return models;
    }

    private List<PropertySpec> ReadProperties(string model, JsonObject node)
    {
        var properties = new List<PropertySpec>();
        var csharpNames = new HashSet<string>(StringComparer.Ordinal);
        var wireNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonMember entry in node.Members.Where(m => !IsNote(m.Name)))
        {
            if (!wireNames.Add(entry.Name))
            {
                Report(DiagnosticDescriptors.DuplicateName, entry.NameSpan, "JSON name", entry.Name, " in model '" + model + "' (as a property or an alias)", "keep one of them, or rename one");
                continue;
            }

            PropertySpec? property = ReadProperty(model, entry);
            if (property is null || (_readingFormModel && !IsFormField(model, entry, property)))
            {
                continue;
            }

            if (!csharpNames.Add(property.CSharpName))
            {
                Report(DiagnosticDescriptors.DuplicateName, entry.NameSpan, "C# property name", property.CSharpName, " in model '" + model + "'", "set \"name\" on one of them");
                continue;
            }

            foreach (string alias in property.Aliases)
            {
                if (!wireNames.Add(alias))
                {
                    Report(DiagnosticDescriptors.DuplicateName, entry.NameSpan, "JSON name", alias, " in model '" + model + "' (as a property or an alias)", "keep one of them, or rename one");
                }
            }

            properties.Add(property);
        }

        return properties;
    }

    private PropertySpec? ReadProperty(string model, JsonMember entry)
    {
        if (entry.Value is JsonString bare)
        {
            TypeRef? bareType = ResolveType(bare);
            string? bareName = PropertyCSharpName(model, entry, null);
            return bareType is null || bareName is null
                ? null
                : new PropertySpec(entry.Name, bareName, bareType, EquatableArray<string>.Empty, null, false, false);
        }

        if (entry.Value is not JsonObject body)
        {
            Report(DiagnosticDescriptors.WrongValueKind, entry.Value.Span, entry.Name, "a type string or an object with \"type\"", entry.Value.KindText);
            return null;
        }

        Dictionary<string, JsonMember> members = ReadMembers(body, "property '" + entry.Name + "' of model '" + model + "'", s_propertyKeys);
        TypeRef? type = null;
        if (members.TryGetValue("type", out JsonMember? typeMember))
        {
            type = ResolveType(typeMember.Value, "type");
        }
        else
        {
            Report(DiagnosticDescriptors.MissingKey, entry.NameSpan, "Property '" + entry.Name + "' of model '" + model + "'", "type", "\"type\": \"string\"");
        }

        string? name = PropertyCSharpName(model, entry, members.TryGetValue("name", out JsonMember? nameMember) ? nameMember : null);
        var aliases = new List<string>();
        if (members.TryGetValue("aliases", out JsonMember? aliasesMember))
        {
            foreach ((string alias, _) in StringArray(aliasesMember))
            {
                aliases.Add(alias);
            }
        }

        bool required = OptionalBool(members, "required") ?? false;
        bool nulPadded = OptionalBool(members, "nulPadded") ?? false;
        if (nulPadded && type is not null && (type.Kind != TypeKind.Primitive || type.Primitive != PrimitiveKind.String || type.IsArray))
        {
            Report(DiagnosticDescriptors.InvalidProperty, members["nulPadded"].NameSpan, entry.Name, model, "is not a string: \"nulPadded\" applies to string properties only");
        }

        return type is null || name is null
            ? null
            : new PropertySpec(entry.Name, name, type, aliases.ToEquatableArray(), OptionalString(members, "summary"), required, nulPadded);
    }

    private string? PropertyCSharpName(string model, JsonMember entry, JsonMember? explicitName)
    {
        string name;
        System.Func<Microsoft.CodeAnalysis.Text.TextSpan> where;
        if (explicitName is not null)
        {
            if (NonEmptyString(explicitName) is not { } text)
            {
                return null;
            }

            name = text;
            where = () => explicitName.Value.Span;
            if (Naming.WhyNotIdentifier(name) is { } why)
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, where(), "Property name", name, why);
                return null;
            }
        }
        else
        {
            name = Naming.ToPascalCase(entry.Name);
            where = () => entry.NameSpan;
            if (Naming.WhyNotIdentifier(name) is { } why)
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, where(), "Property", entry.Name, "its C# name would be '" + name + "' (" + why + "); set \"name\" to a C# name");
                return null;
            }
        }

        if (name == model || s_objectMembers.Contains(name))
        {
            Report(DiagnosticDescriptors.NameConflict, where(), "Property", name, name == model ? "its model's own name" : "a member every object has");
            return null;
        }

        if (name is GeneratedNames.JsonNamesClass or GeneratedNames.JsonAliasesClass)
        {
            Report(DiagnosticDescriptors.NameConflict, where(), "Property", name, "a class the generator nests in every model (its JSON names and aliases)");
            return null;
        }

        return name;
    }

    private List<EnumSpec> ReadEnums(JsonObject node)
    {
        var enums = new List<EnumSpec>();
        foreach (JsonMember entry in DistinctEntries(node, null, "enums"))
        {
            if (!_declaredTypes.TryGetValue(entry.Name, out TypeKind kind) || kind != TypeKind.Enum)
            {
                continue;
            }

            string? summary = null;
            JsonMember? valuesMember = entry;
            if (entry.Value is JsonObject body)
            {
                Dictionary<string, JsonMember> members = ReadMembers(body, "enum '" + entry.Name + "'", s_enumKeys);
                summary = OptionalString(members, "summary");
                if (!members.TryGetValue("values", out valuesMember))
                {
                    Report(DiagnosticDescriptors.MissingKey, entry.NameSpan, "Enum '" + entry.Name + "'", "values", "\"values\": [\"First\", \"Second\"]");
                    continue;
                }
            }
            else if (entry.Value is not JsonArray)
            {
                Report(DiagnosticDescriptors.WrongValueKind, entry.Value.Span, entry.Name, "an array of values or an object with \"values\"", entry.Value.KindText);
                continue;
            }

            var values = StringArray(valuesMember);
            if (values.Count == 0 && valuesMember.Value is JsonArray)
            {
                Report(DiagnosticDescriptors.EmptyValue, valuesMember.Value.Span, entry.Name, "list at least one value");
                continue;
            }

            var members2 = new List<EnumMemberSpec>();
            var wire = new HashSet<string>(StringComparer.Ordinal);
            var csharp = new HashSet<string>(StringComparer.Ordinal);
            foreach ((string value, Microsoft.CodeAnalysis.Text.TextSpan span) in values)
            {
                string memberName = Naming.ToPascalCase(value);
                if (!wire.Add(value))
                {
                    Report(DiagnosticDescriptors.DuplicateName, span, "Enum value", value, " in enum '" + entry.Name + "'", "remove one of them");
                }
                else if (Naming.WhyNotIdentifier(memberName) is { } why)
                {
                    Report(DiagnosticDescriptors.InvalidIdentifier, span, "Enum value", value, "its C# name would be '" + memberName + "' (" + why + ")");
                }
                else if (!csharp.Add(memberName) || memberName == entry.Name || memberName is "KnownValues" or "IsKnown")
                {
                    Report(DiagnosticDescriptors.NameConflict, span, "Enum value", value, "another member of enum '" + entry.Name + "' once written as C# '" + memberName + "'");
                }
                else
                {
                    members2.Add(new EnumMemberSpec(value, memberName));
                }
            }

            enums.Add(new EnumSpec(entry.Name, GeneratedNames.ConverterOf(entry.Name), summary, members2.ToEquatableArray()));
        }

        return enums;
    }
}
