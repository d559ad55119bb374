using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// Emits <c>{Name}ApiClient</c>, the HTTP implementation of the interface. Refit's own generator cannot see
/// interfaces that another generator emits, so this client takes its place; a module initializer registers it.
/// </summary>
internal static class ClientEmitter
{
    public static string Emit(ApiSpec spec)
    {
        GeneratedNames names = spec.Names;
        string api = names.Global(names.Interface);
        SourceWriter w = SourceWriter.ForFile(spec.Namespace).Block($$"""
            /// <summary>Calls the {{spec.Name}} API over HTTP: the implementation of <see cref="{{api}}"/> that Refit hands out.</summary>
            /// <remarks>The client's <see cref="{{KnownTypes.HttpClient}}.BaseAddress"/> must be the API root, such as https://api.security.microsoft.com.</remarks>
            {{SourceWriter.GeneratedCodeAttribute}}
            {{spec.Accessibility}} sealed partial class {{names.Client}} : {{KnownTypes.GeneratedApiClientBase}}, {{api}}
            """);
        w.Open().Block($$"""
            /// <summary>Creates a client over <paramref name="httpClient"/> with Refit's default settings.</summary>
            public {{names.Client}}({{KnownTypes.HttpClient}} httpClient)
                : base(httpClient, null, null)
            {
            }

            /// <summary>Creates a client; <paramref name="settings"/> supply the exception factory and the authorization header getter.</summary>
            public {{names.Client}}({{KnownTypes.HttpClient}} httpClient, {{KnownTypes.RefitSettings}}? settings, {{KnownTypes.TimeProvider}}? timeProvider = null)
                : base(httpClient, settings, timeProvider)
            {
            }
            """);

        foreach (EndpointSpec endpoint in spec.Endpoints)
        {
            OperationSignature signature = OperationSignature.For(endpoint, names);
            if (endpoint.Returns.Kind == ReturnKind.Pages)
            {
                PagedOperationEmitter.WriteClientMembers(w, endpoint, names, signature);
                continue;
            }

            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public " + signature.ReturnType + " " + endpoint.MethodName + "(" + signature.Declaration(withRefitAttributes: false) + ")");
            w.Open();
            WriteArgumentChecks(w, signature);
            WriteUri(w, endpoint, names);
            w.Line("return " + SendCall(endpoint, names) + ";");
            w.Close();
        }

        foreach (ModelSpec form in spec.Models.Where(m => m.IsForm && spec.Endpoints.Any(e => e.IsMultipartBody && e.Body?.Name == m.Name)))
        {
            WriteFormFactory(w, form, names);
        }

        return w.Close().Finish();
    }

    private static string FormFactoryName(string model) => "Create" + model + "Form";

    /// <summary>
    /// Writes the method that turns a form model into multipart/form-data: each property a field named by its JSON
    /// name, enums as their string, a <c>file</c> as a stream part with its file name; nulls are left out.
    /// </summary>
    private static void WriteFormFactory(SourceWriter w, ModelSpec form, GeneratedNames names)
    {
        w.Line();
        w.Line("/// <summary>The fields of <paramref name=\"form\"/> as multipart/form-data.</summary>");
        w.Line("private static " + KnownTypes.HttpContent + " " + FormFactoryName(form.Name) + "(" + names.Global(form.Name) + " form)");
        w.Open();
        w.Line("var content = new " + KnownTypes.MultipartFormDataContent + "();");
        foreach (PropertySpec property in form.Properties)
        {
            string value = "form." + property.CSharpName;
            string name = SourceWriter.Literal(property.JsonName);
            if (property.Type.Primitive == PrimitiveKind.File)
            {
                w.Line("AddFormFile(content, " + name + ", " + value + ");");
                continue;
            }

            if (property.Type.Kind == TypeKind.Enum)
            {
                value += property.Type.IsNullable ? "?.ToString()" : ".ToString()";
            }

            w.Line("AddFormField(content, " + name + ", " + value + ");");
        }

        w.Line("return content;");
        w.Close();
    }

    /// <summary>The base class's send method for what the operation returns, with its arguments.</summary>
    private static string SendCall(EndpointSpec endpoint, GeneratedNames names)
    {
        string json = names.Global(names.JsonContext) + ".Default.";
        string start = names.Global(names.Description) + "." + endpoint.Name + ", " + KnownTypes.HttpMethod + "." + OperationSignature.Verb(endpoint.Method) + ", uri, ";
        string content = endpoint.Body is not { } body ? "null"
            : endpoint.IsMultipartBody ? FormFactoryName(body.Name) + "(" + GeneratedNames.BodyParameter + ")"
            : "CreateJsonContent(" + GeneratedNames.BodyParameter + ", " + json + JsonContextEmitter.PropertyName(body) + ")";
        const string End = ", " + GeneratedNames.CancellationTokenParameter + ")";
        return endpoint.Returns.Kind switch
        {
            ReturnKind.None => "SendAsync(" + start + content + End,
            ReturnKind.Value => "SendAsync(" + start + content + ", " + json + JsonContextEmitter.PropertyName(endpoint.Returns.Type!) + End,
            ReturnKind.ODataValue => "SendForValueAsync(" + start + content + ", " + json + JsonContextEmitter.PropertyName(endpoint.Returns.Type!) + End,
            ReturnKind.ExportFiles => "SendForExportFilesAsync(" + start + content + ", " + json + JsonContextEmitter.PropertyName(endpoint.Returns.Type!) + End,
            _ => "SendForDownloadLinkAsync<" + OperationSignature.LinkContentType(endpoint.Returns, names) + ">(" + start
                + (endpoint.Returns.Type is { } linked ? json + JsonContextEmitter.PropertyName(linked) : "null") + End,
        };
    }

    /// <summary>Throws <c>ArgumentNullException</c> for each reference-type argument that may not be null.</summary>
    internal static void WriteArgumentChecks(SourceWriter w, OperationSignature signature)
    {
        foreach (SignatureParameter p in signature.Parameters.Where(p => !p.Type.EndsWith("?", System.StringComparison.Ordinal) && !IsValueType(p)))
        {
            w.Line(KnownTypes.ArgumentNullException + ".ThrowIfNull(" + p.Name + ");");
        }
    }

    private static bool IsValueType(SignatureParameter p) =>
        p.Parameter is { } parameter ? CSharpTypes.IsValueType(parameter.Type) : p.BodyType is { } body && CSharpTypes.IsValueType(body);

    /// <summary>
    /// The escaped text of a path parameter. Inside an OData string literal (<c>findbyip(ip='{ip}')</c>) a string's
    /// single quotes are doubled first, as OData requires, so that a value cannot end the literal.
    /// </summary>
    private static string PathValue(ParameterSpec parameter, bool quoted)
    {
        string value = parameter.CSharpName + (parameter.Type.Kind == TypeKind.Enum ? ".ToString()" : string.Empty);
        bool isText = parameter.Type.Kind == TypeKind.Enum || parameter.Type.Primitive == PrimitiveKind.String;
        return quoted && isText
            ? KnownTypes.UrlFormatter + ".QuotedPath(" + value + ")"
            : KnownTypes.UrlFormatter + ".Path(" + value + ")";
    }

    /// <summary>Whether the placeholder at <paramref name="index"/> sits between single quotes in the path template.</summary>
    private static bool IsQuoted(EndpointSpec endpoint, int index) =>
        index > 0 && index + 1 < endpoint.PathSegments.Count
        && endpoint.PathSegments[index - 1] is { Parameter: null } before && before.Text.EndsWith("'", System.StringComparison.Ordinal)
        && endpoint.PathSegments[index + 1] is { Parameter: null } after && after.Text.StartsWith("'", System.StringComparison.Ordinal);

    /// <summary>
    /// Writes <c>uri</c>: the API root, the parsed path template with each parameter escaped, then the query string —
    /// one concatenation, so a call builds one string rather than a path and then the address.
    /// </summary>
    internal static void WriteUri(SourceWriter w, EndpointSpec endpoint, GeneratedNames names)
    {
        string root = "ApiRoot(" + names.Global(names.Description) + "." + endpoint.Name + ")";
        string expression = string.Join(" + ", endpoint.PathSegments.Select((segment, i) => segment.Parameter is { } parameter
            ? PathValue(parameter, IsQuoted(endpoint, i))
            : SourceWriter.Literal(segment.Text)).Prepend(root));

        var query = endpoint.Parameters.Where(p => p.Location == ParameterLocation.Query).ToList();
        if (query.Count == 0)
        {
            w.Line("string uri = " + expression + ";");
            return;
        }

        w.Line("var query = new " + KnownTypes.QueryString + "();");
        foreach (ParameterSpec p in query)
        {
            string value = p.Type.Kind == TypeKind.Enum ? p.CSharpName + (p.Type.IsNullable ? "?" : string.Empty) + ".ToString()" : p.CSharpName;
            w.Line("query.Add(" + SourceWriter.Literal(p.WireName) + ", " + value + ");");
        }

        w.Line("string uri = " + expression + " + query.ToString();");
    }
}
