using System.Collections.Generic;
using System.Linq;
using Mde.Bindings.Generator.Spec.Diagnostics;
using Mde.Bindings.Generator.Spec.Json;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Spec;

/// <summary>Reading <c>returns { "pages": "Model" }</c>: an OData collection read page by page (spec version 2).</summary>
internal sealed partial class SpecReader
{
    /// <summary>
    /// Reads <c>{ "pages": T }</c>. T is the element type: a model or an enum, not an array (each page is already a
    /// list) and not nullable (a page's <c>value</c> holds no nulls).
    /// </summary>
    private ReturnSpec ReadPagesReturn(string operation, Dictionary<string, JsonMember> shape, JsonMember pagesMember)
    {
        bool allowed = RequireSpecVersion2(pagesMember.NameSpan, "returns { \"pages\": … } (an OData collection read page by page)");
        foreach (JsonMember other in shape.Values.Where(m => m.Name != "pages").OrderBy(m => m.NameSpan.Start))
        {
            Report(DiagnosticDescriptors.InvalidReturns, other.NameSpan, operation, "combines \"pages\" with \"" + other.Name + "\": a paged result is only { \"pages\": \"Model\" }");
            allowed = false;
        }

        if (ResolveType(pagesMember.Value, "pages") is not { } element)
        {
            return ReturnSpec.Nothing;
        }

        if (element.Kind == TypeKind.Primitive || element.IsArray || element.IsNullable)
        {
            string fix = element.Kind == TypeKind.Primitive
                ? "the elements of a page must be a model or an enum declared in this spec"
                : "write the element type \"" + element.Name + "\": each page is already a list, and holds no nulls";
            Report(DiagnosticDescriptors.InvalidReturns, pagesMember.Value.Span, operation, "pages '" + element.SpecText + "': " + fix);
            return ReturnSpec.Nothing;
        }

        return allowed ? new ReturnSpec(ReturnKind.Pages, element, 0) : ReturnSpec.Nothing;
    }

    /// <summary>Only a GET can be paged: a next link is a plain address, followed with GET whatever the first request was.</summary>
    private void CheckPagedMethod(string operation, string? method, Dictionary<string, JsonMember> members, ReturnSpec returns)
    {
        if (returns.Kind == ReturnKind.Pages && method is not null && method != "GET")
        {
            Report(DiagnosticDescriptors.InvalidReturns, members["method"].Value.Span, operation, "is paged (\"pages\") but its method is " + method + ": only a GET can be read page by page; use \"method\": \"GET\" or return { \"value\": \"Model[]\" }");
        }
    }

    /// <summary>A paged operation X also generates <c>XPageAsync</c>: an operation named <c>XPage</c> would clash with it.</summary>
    private void CheckPageMethodConflicts(JsonObject endpointsNode, List<EndpointSpec> endpoints)
    {
        var pageMethods = new HashSet<string>(endpoints.Where(e => e.Returns.Kind == ReturnKind.Pages).Select(e => GeneratedNames.PageMethodOf(e.Name)));
        foreach (JsonMember entry in endpointsNode.Members)
        {
            if (pageMethods.Contains(GeneratedNames.MethodOf(entry.Name)))
            {
                Report(DiagnosticDescriptors.NameConflict, entry.NameSpan, "Operation", entry.Name, "the page method " + GeneratedNames.MethodOf(entry.Name) + " of the paged operation '" + entry.Name.Substring(0, entry.Name.Length - "Page".Length) + "'");
            }
        }
    }
}
