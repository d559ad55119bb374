using System.Globalization;
using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>Emits <c>{Name}ApiDescription</c>: what the spec says about each operation, available at run time.</summary>
internal static class DescriptionEmitter
{
    public static string Emit(ApiSpec spec)
    {
        const string Description = "global::Mde.Bindings.EndpointDescription";
        // A public API is marked on its assembly, so that projects referencing it do not generate it a second time.
        SourceWriter w = SourceWriter.ForFile(
            spec.Namespace,
            leadingLines: spec.IsInternal ? null : "[assembly: global::Mde.Bindings.GeneratedCode.GeneratedApi(" + SourceWriter.Literal(spec.Namespace) + ", " + SourceWriter.Literal(spec.Name) + ")]");
        w.Line("/// <summary>Routes, permissions, rate limits and link lifetimes of the " + spec.Name + " API, as its spec declares them.</summary>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line(spec.Accessibility + " static partial class " + spec.Name + "ApiDescription");
        w.Open();
        w.Line("/// <summary>The spec's name.</summary>");
        w.Line("public const string ApiName = " + SourceWriter.Literal(spec.Name) + ";");
        w.Line();
        w.Line("/// <summary>The token audience; the OAuth scope is this followed by <c>/.default</c>.</summary>");
        w.Line("public const string Audience = " + SourceWriter.Literal(spec.Audience) + ";");
        foreach (EndpointSpec endpoint in spec.Endpoints)
        {
            w.Line();
            w.Line("/// <summary>" + SourceWriter.XmlEscape(endpoint.Method + " " + endpoint.Path) + "</summary>");
            w.Line("public static " + Description + " " + endpoint.Name + " { get; } = new(");
            w.Line("    ApiName,");
            w.Line("    " + SourceWriter.Literal(endpoint.Name) + ",");
            w.Line("    " + SourceWriter.Literal(endpoint.Method) + ",");
            w.Line("    " + SourceWriter.Literal(endpoint.Path) + ",");
            w.Line("    " + StringArray(endpoint.ApplicationPermissions) + ",");
            w.Line("    " + StringArray(endpoint.DelegatedPermissions) + ",");
            w.Line("    " + Limits(endpoint) + ",");
            string lifetime = endpoint.Returns.Kind == ReturnKind.DownloadLink ? Ticks(endpoint.Returns.LinkLifetimeTicks) : "null";
            if (endpoint.FormerApplicationPermissions.IsEmpty && endpoint.FormerDelegatedPermissions.IsEmpty)
            {
                w.Line("    " + lifetime + ");");
            }
            else
            {
                w.Line("    " + lifetime + ",");
                w.Line("    formerApplicationPermissions: " + StringArray(endpoint.FormerApplicationPermissions) + ",");
                w.Line("    formerDelegatedPermissions: " + StringArray(endpoint.FormerDelegatedPermissions) + ");");
            }
        }

        w.Line();
        w.Line("/// <summary>Every operation of the API, in the spec's order.</summary>");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<" + Description + "> All { get; } = new " + Description + "[]");
        w.Open();
        foreach (EndpointSpec endpoint in spec.Endpoints)
        {
            w.Line(endpoint.Name + ",");
        }

        w.Close(";");
        w.Close();
        return w.ToString();
    }

    private static string StringArray(Common.EquatableArray<string> values) =>
        values.IsEmpty ? "global::System.Array.Empty<string>()" : "new string[] { " + string.Join(", ", values.Select(SourceWriter.Literal)) + " }";

    private static string Limits(EndpointSpec endpoint) =>
        endpoint.Limits.IsEmpty
            ? "global::System.Array.Empty<global::Mde.Bindings.RateLimitWindow>()"
            : "new global::Mde.Bindings.RateLimitWindow[] { " + string.Join(", ", endpoint.Limits.Select(l => "new(" + l.PermitLimit.ToString(CultureInfo.InvariantCulture) + ", " + Ticks(l.WindowTicks) + ")")) + " }";

    private static string Ticks(long ticks) => "global::System.TimeSpan.FromTicks(" + ticks.ToString(CultureInfo.InvariantCulture) + ")";
}
