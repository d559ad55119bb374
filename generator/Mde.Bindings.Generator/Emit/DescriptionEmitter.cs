using System.Globalization;
using System.Linq;
using Mde.Bindings.Generator.Common;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>Emits <c>{Name}ApiDescription</c>: what the spec says about each operation, available at run time.</summary>
internal static class DescriptionEmitter
{
    public static string Emit(ApiSpec spec)
    {
        GeneratedNames names = spec.Names;
        // A public API is marked on its assembly, so that projects referencing it do not generate it a second time.
        SourceWriter w = SourceWriter.ForFile(
            spec.Namespace,
            leadingLines: spec.IsInternal ? null : "[assembly: " + KnownTypes.GeneratedApi + "(" + SourceWriter.Literal(spec.Namespace) + ", " + SourceWriter.Literal(spec.Name) + ")]");
        w.Block($$"""
            /// <summary>Routes, permissions, rate limits and link lifetimes of the {{spec.Name}} API, as its spec declares them.</summary>
            {{SourceWriter.GeneratedCodeAttribute}}
            {{spec.Accessibility}} static partial class {{names.Description}}
            """);
        w.Open().Block($$"""
            /// <summary>The spec's name.</summary>
            public const string {{GeneratedNames.DescriptionApiName}} = {{SourceWriter.Literal(spec.Name)}};

            /// <summary>The token audience; the OAuth scope is this followed by <c>/.default</c>.</summary>
            public const string {{GeneratedNames.DescriptionAudience}} = {{SourceWriter.Literal(spec.Audience)}};
            """);
        foreach (EndpointSpec endpoint in spec.Endpoints)
        {
            string lifetime = endpoint.Returns.Kind is ReturnKind.DownloadLink or ReturnKind.ExportFiles ? Ticks(endpoint.Returns.LinkLifetimeTicks) : "null";
            // Version 1 specs keep their exact output; from version 2 the summary says when a call takes no permit.
            string unthrottled = endpoint.Limits.IsEmpty && spec.SpecVersion >= 2 ? " " + SourceWriter.XmlEscape(UnthrottledSentence) : string.Empty;
            string lastArguments = endpoint.FormerApplicationPermissions.IsEmpty && endpoint.FormerDelegatedPermissions.IsEmpty
                ? lifetime + ");"
                : $"""
                    {lifetime},
                        formerApplicationPermissions: {StringArray(endpoint.FormerApplicationPermissions)},
                        formerDelegatedPermissions: {StringArray(endpoint.FormerDelegatedPermissions)});
                    """;
            w.Block($$"""

                /// <summary>{{SourceWriter.XmlEscape(endpoint.Method + " " + endpoint.Path)}}{{unthrottled}}</summary>
                public static {{KnownTypes.EndpointDescription}} {{endpoint.Name}} { get; } = new(
                    {{GeneratedNames.DescriptionApiName}},
                    {{SourceWriter.Literal(endpoint.Name)}},
                    {{SourceWriter.Literal(endpoint.Method)}},
                    {{SourceWriter.Literal(endpoint.Path)}},
                    {{StringArray(endpoint.ApplicationPermissions)}},
                    {{StringArray(endpoint.DelegatedPermissions)}},
                    {{Limits(endpoint)}},
                    {{lastArguments}}
                """);
        }

        w.Block($$"""

            /// <summary>Every operation of the API, in the spec's order.</summary>
            public static {{KnownTypes.IReadOnlyList}}<{{KnownTypes.EndpointDescription}}> {{GeneratedNames.DescriptionAll}} { get; } = new {{KnownTypes.EndpointDescription}}[]
            """);
        w.Open();
        foreach (EndpointSpec endpoint in spec.Endpoints)
        {
            w.Line(endpoint.Name + ",");
        }

        return w.Close(";").Close().Finish();
    }

    /// <summary>What a version 2 description says of an operation without <c>limits</c>.</summary>
    public const string UnthrottledSentence = "Unthrottled: the spec declares no rate limit, so no permit is taken.";

    /// <summary>The "Rate limits:" text of an operation without limits: version 1 keeps its words.</summary>
    public static string NoLimitsText(int specVersion) =>
        specVersion >= 2 ? "none (unthrottled: no permit is taken)" : "none declared";

    private static string StringArray(EquatableArray<string> values) =>
        values.IsEmpty ? KnownTypes.Array + ".Empty<string>()" : "new string[] { " + string.Join(", ", values.Select(SourceWriter.Literal)) + " }";

    private static string Limits(EndpointSpec endpoint) =>
        endpoint.Limits.IsEmpty
            ? KnownTypes.Array + ".Empty<" + KnownTypes.RateLimitWindow + ">()"
            : "new " + KnownTypes.RateLimitWindow + "[] { " + string.Join(", ", endpoint.Limits.Select(l => "new(" + l.PermitLimit.ToString(CultureInfo.InvariantCulture) + ", " + Ticks(l.WindowTicks) + ")")) + " }";

    private static string Ticks(long ticks) => KnownTypes.TimeSpan + ".FromTicks(" + ticks.ToString(CultureInfo.InvariantCulture) + ")";
}
