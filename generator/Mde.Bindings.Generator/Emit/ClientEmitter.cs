using System.Linq;
using System.Text;
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
        string api = "global::" + spec.Namespace + ".I" + spec.Name + "Api";
        string description = "global::" + spec.Namespace + "." + spec.Name + "ApiDescription";
        string json = "global::" + spec.Namespace + "." + spec.Name + "JsonContext.Default";
        string name = spec.Name + "ApiClient";

        SourceWriter w = SourceWriter.ForFile(spec.Namespace);
        w.Line("/// <summary>Calls the " + spec.Name + " API over HTTP: the implementation of <see cref=\"" + api + "\"/> that Refit hands out.</summary>");
        w.Line("/// <remarks>The client's <see cref=\"global::System.Net.Http.HttpClient.BaseAddress\"/> must be the API root, such as https://api.security.microsoft.com.</remarks>");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Line(spec.Accessibility + " sealed partial class " + name + " : global::Mde.Bindings.GeneratedCode.GeneratedApiClientBase, " + api);
        w.Open();
        w.Line("/// <summary>Creates a client over <paramref name=\"httpClient\"/> with Refit's default settings.</summary>");
        w.Line("public " + name + "(global::System.Net.Http.HttpClient httpClient)");
        w.Line("    : base(httpClient, null, null)");
        w.Open().Close();
        w.Line();
        w.Line("/// <summary>Creates a client; <paramref name=\"settings\"/> supply the exception factory and the authorization header getter.</summary>");
        w.Line("public " + name + "(global::System.Net.Http.HttpClient httpClient, global::Refit.RefitSettings? settings, global::System.TimeProvider? timeProvider = null)");
        w.Line("    : base(httpClient, settings, timeProvider)");
        w.Open().Close();

        foreach (EndpointSpec endpoint in spec.Endpoints)
        {
            OperationSignature signature = OperationSignature.For(endpoint, spec.Namespace);
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public " + signature.ReturnType + " " + signature.MethodName + "(" + signature.Declaration(withRefitAttributes: false) + ")");
            w.Open();
            foreach (SignatureParameter p in signature.Parameters.Where(p => !p.Type.EndsWith("?", System.StringComparison.Ordinal) && !IsValueType(p)))
            {
                w.Line("global::System.ArgumentNullException.ThrowIfNull(" + p.Name + ");");
            }

            WritePath(w, endpoint, spec.Namespace);
            string op = description + "." + endpoint.Name;
            string method = "global::System.Net.Http.HttpMethod." + OperationSignature.Verb(endpoint.Method);
            string content = endpoint.Body is { } body ? "CreateJsonContent(body, " + json + "." + JsonContextEmitter.PropertyName(body) + ")" : "null";
            switch (endpoint.Returns.Kind)
            {
                case ReturnKind.None:
                    w.Line("return SendAsync(" + op + ", " + method + ", path, " + content + ", cancellationToken);");
                    break;
                case ReturnKind.Value:
                    w.Line("return SendAsync(" + op + ", " + method + ", path, " + content + ", " + json + "." + JsonContextEmitter.PropertyName(endpoint.Returns.Type!) + ", cancellationToken);");
                    break;
                case ReturnKind.ODataValue:
                    w.Line("return SendForValueAsync(" + op + ", " + method + ", path, " + content + ", " + json + "." + JsonContextEmitter.PropertyName(endpoint.Returns.Type!) + ", cancellationToken);");
                    break;
                case ReturnKind.DownloadLink:
                    string contentInfo = endpoint.Returns.Type is { } linked ? json + "." + JsonContextEmitter.PropertyName(linked) : "null";
                    w.Line("return SendForDownloadLinkAsync<" + OperationSignature.LinkContentType(endpoint.Returns, spec.Namespace) + ">(" + op + ", " + method + ", path, " + contentInfo + ", cancellationToken);");
                    break;
            }

            w.Close();
        }

        w.Close();
        return w.ToString();
    }

    private static bool IsValueType(SignatureParameter p) =>
        p.Parameter is { } parameter ? CSharpTypes.IsValueType(parameter.Type) : p.BodyType is { } body && CSharpTypes.IsValueType(body);

    private static void WritePath(SourceWriter w, EndpointSpec endpoint, string ns)
    {
        var expression = new StringBuilder();
        string path = endpoint.Path;
        int i = 0;
        while (i < path.Length)
        {
            int open = path.IndexOf('{', i);
            if (open < 0)
            {
                Append(expression, SourceWriter.Literal(path.Substring(i)));
                break;
            }

            if (open > i)
            {
                Append(expression, SourceWriter.Literal(path.Substring(i, open - i)));
            }

            int close = path.IndexOf('}', open);
            string wireName = path.Substring(open + 1, close - open - 1);
            ParameterSpec parameter = endpoint.Parameters.First(p => p.Location == ParameterLocation.Path && p.WireName == wireName);
            string value = parameter.Type.Kind == TypeKind.Enum ? parameter.CSharpName + ".ToString()" : parameter.CSharpName;
            Append(expression, "global::Mde.Bindings.GeneratedCode.UrlFormatter.Path(" + value + ")");
            i = close + 1;
        }

        var query = endpoint.Parameters.Where(p => p.Location == ParameterLocation.Query).ToList();
        if (query.Count == 0)
        {
            w.Line("string path = " + expression + ";");
            return;
        }

        w.Line("var query = new global::Mde.Bindings.GeneratedCode.QueryString();");
        foreach (ParameterSpec p in query)
        {
            string value = p.Type.Kind == TypeKind.Enum ? p.CSharpName + (p.Type.IsNullable ? "?" : string.Empty) + ".ToString()" : p.CSharpName;
            w.Line("query.Add(" + SourceWriter.Literal(p.WireName) + ", " + value + ");");
        }

        w.Line("string path = " + expression + " + query.ToString();");
    }

    private static void Append(StringBuilder expression, string part)
    {
        if (expression.Length > 0)
        {
            expression.Append(" + ");
        }

        expression.Append(part);
    }
}
