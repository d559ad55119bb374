using System.Collections.Generic;
using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// The C# shape of one operation, shared by the interface, the client and the decorator so that all three
/// always agree: path parameters in path order, query parameters, the body, then the cancellation token.
/// </summary>
internal sealed class OperationSignature
{
    private OperationSignature(string methodName, string returnType, IReadOnlyList<SignatureParameter> parameters)
    {
        MethodName = methodName;
        ReturnType = returnType;
        Parameters = parameters;
    }

    public string MethodName { get; }

    /// <summary>
    /// The spec's HTTP method (<c>GET</c>) as .NET names it (<c>Get</c>): Refit's attribute and
    /// <c>HttpMethod</c>'s property both use this spelling.
    /// </summary>
    public static string Verb(string method) =>
        char.ToUpperInvariant(method[0]) + method.Substring(1).ToLowerInvariant();

    public string ReturnType { get; }

    /// <summary>Every parameter but the cancellation token.</summary>
    public IReadOnlyList<SignatureParameter> Parameters { get; }

    public static OperationSignature For(EndpointSpec endpoint, string ns)
    {
        var parameters = new List<SignatureParameter>();
        foreach (ParameterSpec p in endpoint.Parameters)
        {
            parameters.Add(new SignatureParameter(CSharpTypes.Full(p.Type, ns), p.CSharpName, p, null));
        }

        if (endpoint.Body is { } body)
        {
            parameters.Add(new SignatureParameter(CSharpTypes.Full(body, ns), "body", null, body));
        }

        // Only a trailing run of nullable query parameters can default to null: C# wants optional parameters last.
        for (int i = parameters.Count - 1; i >= 0; i--)
        {
            SignatureParameter candidate = parameters[i];
            if (candidate.Parameter is not { Location: ParameterLocation.Query, Type.IsNullable: true })
            {
                break;
            }

            parameters[i] = candidate with { HasDefault = true };
        }

        return new OperationSignature(endpoint.Name + "Async", ReturnTypeOf(endpoint.Returns, ns), parameters);
    }

    public static string ReturnTypeOf(ReturnSpec returns, string ns) => returns.Kind switch
    {
        ReturnKind.None => "global::System.Threading.Tasks.Task",
        ReturnKind.DownloadLink => "global::System.Threading.Tasks.Task<global::Mde.Bindings.DownloadLink<" + LinkContentType(returns, ns) + ">>",
        _ => "global::System.Threading.Tasks.Task<" + CSharpTypes.Full(returns.Type!, ns) + ">",
    };

    public static string LinkContentType(ReturnSpec returns, string ns) =>
        returns.Type is null ? "global::System.IO.Stream" : CSharpTypes.Element(returns.Type, ns);

    /// <summary>The parameter list as declared, optionally with Refit's attributes.</summary>
    public string Declaration(bool withRefitAttributes)
    {
        IEnumerable<string> items = Parameters.Select(p => (withRefitAttributes ? p.RefitAttributes() : string.Empty) + p.Type + " " + p.Name + (p.HasDefault ? " = null" : string.Empty));
        return string.Join(", ", items.Concat(["global::System.Threading.CancellationToken cancellationToken = default"]));
    }

    /// <summary>The arguments to forward the call with.</summary>
    public string Arguments() => string.Join(", ", Parameters.Select(p => p.Name).Concat(["cancellationToken"]));
}

/// <summary>One C# parameter of an operation: a path or query parameter, or the body.</summary>
internal sealed record SignatureParameter(string Type, string Name, ParameterSpec? Parameter, TypeRef? BodyType)
{
    public bool HasDefault { get; init; }

    public string RefitAttributes()
    {
        if (Parameter is null)
        {
            return "[global::Refit.Body] ";
        }

        string alias = Parameter.WireName != Parameter.CSharpName ? "global::Refit.AliasAs(" + SourceWriter.Literal(Parameter.WireName) + ")" : string.Empty;
        if (Parameter.Location == ParameterLocation.Query)
        {
            return "[global::Refit.Query" + (alias.Length == 0 ? string.Empty : ", " + alias) + "] ";
        }

        return alias.Length == 0 ? string.Empty : "[" + alias + "] ";
    }
}
