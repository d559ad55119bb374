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
    private OperationSignature(string returnType, IReadOnlyList<SignatureParameter> parameters)
    {
        ReturnType = returnType;
        Parameters = parameters;
    }

    /// <summary>
    /// The spec's HTTP method (<c>GET</c>) as .NET names it (<c>Get</c>): Refit's attribute and
    /// <c>HttpMethod</c>'s property both use this spelling.
    /// </summary>
    public static string Verb(string method) =>
        char.ToUpperInvariant(method[0]) + method.Substring(1).ToLowerInvariant();

    public string ReturnType { get; }

    /// <summary>Every parameter but the cancellation token.</summary>
    public IReadOnlyList<SignatureParameter> Parameters { get; }

    public static OperationSignature For(EndpointSpec endpoint, GeneratedNames names)
    {
        var parameters = new List<SignatureParameter>();
        foreach (ParameterSpec p in endpoint.Parameters)
        {
            parameters.Add(new SignatureParameter(CSharpTypes.Full(p.Type, names), p.CSharpName, p, null));
        }

        if (endpoint.Body is { } body)
        {
            parameters.Add(new SignatureParameter(CSharpTypes.Full(body, names), GeneratedNames.BodyParameter, null, body));
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

        return new OperationSignature(ReturnTypeOf(endpoint.Returns, names), parameters);
    }

    public static string ReturnTypeOf(ReturnSpec returns, GeneratedNames names) => returns.Kind switch
    {
        ReturnKind.None => KnownTypes.Task,
        ReturnKind.DownloadLink => KnownTypes.Task + "<" + KnownTypes.DownloadLink + "<" + LinkContentType(returns, names) + ">>",
        ReturnKind.Pages => KnownTypes.Task + "<" + KnownTypes.ODataPage + "<" + CSharpTypes.Element(returns.Type!, names) + ">>",
        ReturnKind.ExportFiles => KnownTypes.Task + "<" + KnownTypes.ExportFiles + "<" + CSharpTypes.Element(returns.Type!, names) + ">>",
        _ => KnownTypes.Task + "<" + CSharpTypes.Full(returns.Type!, names) + ">",
    };

    public static string LinkContentType(ReturnSpec returns, GeneratedNames names) =>
        returns.Type is null ? KnownTypes.Stream : CSharpTypes.Element(returns.Type, names);

    /// <summary>The parameter list as declared, optionally with Refit's attributes.</summary>
    public string Declaration(bool withRefitAttributes)
    {
        IEnumerable<string> items = Parameters.Select(p => (withRefitAttributes ? p.RefitAttributes() : string.Empty) + p.Type + " " + p.Name + (p.HasDefault ? " = null" : string.Empty));
        return string.Join(", ", items.Concat([KnownTypes.CancellationToken + " " + GeneratedNames.CancellationTokenParameter + " = default"]));
    }

    /// <summary>The arguments to forward the call with.</summary>
    public string Arguments() => string.Join(", ", Parameters.Select(p => p.Name).Concat([GeneratedNames.CancellationTokenParameter]));
}

/// <summary>One C# parameter of an operation: a path or query parameter, or the body.</summary>
internal sealed record SignatureParameter(string Type, string Name, ParameterSpec? Parameter, TypeRef? BodyType)
{
    public bool HasDefault { get; init; }

    public string RefitAttributes()
    {
        if (Parameter is null)
        {
            return "[" + KnownTypes.RefitBody + "] ";
        }

        string alias = Parameter.WireName != Parameter.CSharpName ? KnownTypes.RefitAliasAs + "(" + SourceWriter.Literal(Parameter.WireName) + ")" : string.Empty;
        if (Parameter.Location == ParameterLocation.Query)
        {
            return "[" + KnownTypes.RefitQuery + (alias.Length == 0 ? string.Empty : ", " + alias) + "] ";
        }

        return alias.Length == 0 ? string.Empty : "[" + alias + "] ";
    }
}
