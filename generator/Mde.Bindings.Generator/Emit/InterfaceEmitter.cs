using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>Emits the Refit interface <c>I{Name}Api</c>, documented from the spec (summary, route, permissions, limits).</summary>
internal static class InterfaceEmitter
{
    public static string Emit(ApiSpec spec)
    {
        GeneratedNames names = spec.Names;
        SourceWriter w = SourceWriter.ForFile(spec.Namespace).Summary(spec.Summary ?? "The " + spec.Name + " API.").Block($$"""
            /// <remarks>
            /// Generated from a spec. Create it with <c>{{KnownTypes.RestService}}.For&lt;{{names.Interface}}&gt;(httpClient)</c>, or register it
            /// with <c>services.{{names.RegistrationMethod}}()</c> to get authentication, exact rate limiting and resilience.
            /// </remarks>
            {{SourceWriter.GeneratedCodeAttribute}}
            {{spec.Accessibility}} partial interface {{names.Interface}}
            """);
        w.Open();
        bool first = true;
        foreach (EndpointSpec endpoint in spec.Endpoints)
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
            OperationSignature signature = OperationSignature.For(endpoint, names);
            if (endpoint.Returns.Kind == ReturnKind.Pages)
            {
                PagedOperationEmitter.WriteInterfaceMembers(w, endpoint, names, signature);
                continue;
            }

            WriteDocs(w, endpoint, spec.SpecVersion);
            w.Line("[" + KnownTypes.RefitNamespace + "." + OperationSignature.Verb(endpoint.Method) + "(" + SourceWriter.Literal(endpoint.Path) + ")]");
            w.Line(signature.ReturnType + " " + endpoint.MethodName + "(" + signature.Declaration(withRefitAttributes: true) + ");");
        }

        return w.Close().Finish();
    }

    /// <summary>
    /// Writes an operation's documentation; <paramref name="summary"/> and <paramref name="note"/> (a trailing remark)
    /// vary it per member. <paramref name="specVersion"/> decides how an operation without limits is described.
    /// </summary>
    internal static void WriteDocs(SourceWriter w, EndpointSpec endpoint, int specVersion, string? summary = null, string? note = null)
    {
        string limits = endpoint.Limits.IsEmpty ? DescriptionEmitter.NoLimitsText(specVersion) : string.Join(", ", endpoint.Limits.Select(l => l.ToString())) + ", all enforced at once";
        string lifetime = System.TimeSpan.FromTicks(endpoint.Returns.LinkLifetimeTicks).ToString();
        string link = endpoint.Returns.Kind switch
        {
            ReturnKind.DownloadLink => "\n/// <para>Returns a short-lived link (valid for " + lifetime + "): download its content at once, never store or log it.</para>",
            ReturnKind.ExportFiles => "\n/// <para>Returns short-lived links (valid for " + lifetime + ") to GZIP JSON-lines files: read the rows at once with"
                + " <c>ReadRowsAsync</c>, never store or log the links.</para>",
            _ => string.Empty,
        };
        link += note is null ? string.Empty : "\n/// <para>" + note + "</para>";
        (summary is null ? w.Summary(endpoint.Summary ?? endpoint.Name + ".") : w.SummaryXml(summary)).Block($$"""
            /// <remarks>
            /// <para><c>{{endpoint.Method}} {{SourceWriter.XmlEscape(endpoint.Path)}}</c></para>
            /// <para>Permissions (any one): application {{List(endpoint.ApplicationPermissions)}}; delegated {{List(endpoint.DelegatedPermissions)}}.</para>
            /// <para>Rate limits: {{limits}}.</para>{{link}}
            /// </remarks>
            """);
        foreach (ParameterSpec p in endpoint.Parameters)
        {
            string text = p.Summary is null
                ? (p.Location == ParameterLocation.Query ? "The <c>" + SourceWriter.XmlEscape(p.WireName) + "</c> query parameter" : "The <c>{" + SourceWriter.XmlEscape(p.WireName) + "}</c> path segment")
                    + (p.Type.IsNullable ? "; left out when null." : ".")
                : SourceWriter.XmlEscape(p.Summary);
            w.Param(p.CSharpName, text);
        }

        if (endpoint.Body is not null)
        {
            w.Param(GeneratedNames.BodyParameter, "The request body.");
        }

        w.Param(GeneratedNames.CancellationTokenParameter, "Cancels the request.");
    }

    private static string List(Common.EquatableArray<string> permissions) =>
        permissions.IsEmpty ? "(none)" : string.Join(", ", permissions.Select(p => "<c>" + SourceWriter.XmlEscape(p) + "</c>"));
}
