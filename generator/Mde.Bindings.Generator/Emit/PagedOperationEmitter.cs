using System.Collections.Generic;
using System.Linq;
using Mde.Bindings.Generator.Spec.Model;

namespace Mde.Bindings.Generator.Emit;

/// <summary>
/// The members of a paged operation X (<c>returns { "pages": "T" }</c>) in the interface, the client and the decorator:
/// <c>XAsync</c> enumerates every item of every page, <c>XPageAsync(…)</c> reads the first page and
/// <c>XPageAsync(Uri nextLink)</c> the page a next link names. The enumeration calls the page methods of the object it
/// is declared on, so that in the decorator each page request takes its own permits.
/// </summary>
internal static class PagedOperationEmitter
{
    // A paged return is only read from a version 2 spec (a version 1 spec gets MDE2025 and no paged operation).
    private const int PagedSpecVersion = 2;

    public static void WriteInterfaceMembers(SourceWriter w, EndpointSpec endpoint, GeneratedNames names, OperationSignature signature)
    {
        string element = CSharpTypes.Element(endpoint.Returns.Type!, names);
        string pageMethod = GeneratedNames.PageMethodOf(endpoint.Name);
        InterfaceEmitter.WriteDocs(w, endpoint, PagedSpecVersion, note:
            "Reads every page: the next page is requested, following <c>@odata.nextLink</c>, when the items of the one before have been read, and each request takes its own permits. "
            + "A listing the service ends early (fewer items than its <c>@odata.count</c>, a next link seen before, a next link that lost its query) throws <see cref=\"" + KnownTypes.ODataPagingException + "\"/> instead of looking complete.");
        w.Line(EnumerableType(element) + " " + endpoint.MethodName + "(" + signature.Declaration(withRefitAttributes: false) + ");");

        w.Line();
        InterfaceEmitter.WriteDocs(w, endpoint, PagedSpecVersion, summary: "Reads the first page of <see cref=\"" + endpoint.MethodName + "\"/>: its items, its next link and, when the service sends it, the count of the whole collection.");
        w.Line("[" + KnownTypes.RefitNamespace + "." + OperationSignature.Verb(endpoint.Method) + "(" + SourceWriter.Literal(endpoint.Path) + ")]");
        w.Line(signature.ReturnType + " " + pageMethod + "(" + signature.Declaration(withRefitAttributes: true) + ");");

        w.Line();
        w.SummaryXml("Reads the page of <see cref=\"" + endpoint.MethodName + "\"/> that a page's <see cref=\"" + KnownTypes.ODataPage + "{T}.NextLink\"/> names.");
        w.Block($$"""
            /// <remarks>The request takes the operation's permits, as the first page's does. A link to another scheme, host or port than the API's is refused before anything is sent: the bearer token goes to the API only.</remarks>
            /// <param name="{{GeneratedNames.NextLinkParameter}}">The absolute <c>@odata.nextLink</c> of the page before.</param>
            /// <param name="{{GeneratedNames.CancellationTokenParameter}}">Cancels the request.</param>
            /// <exception cref="{{KnownTypes.ODataPagingException}}"><paramref name="{{GeneratedNames.NextLinkParameter}}"/> is not an address of the API.</exception>
            """);
        w.Line(signature.ReturnType + " " + pageMethod + "(" + NextLinkDeclaration() + ");");
    }

    public static void WriteClientMembers(SourceWriter w, EndpointSpec endpoint, GeneratedNames names, OperationSignature signature)
    {
        string json = names.Global(names.JsonContext) + ".Default." + JsonContextEmitter.PropertyName(endpoint.Returns.Type!);
        string description = names.Global(names.Description) + "." + endpoint.Name;
        WriteEnumerateMethod(w, endpoint, names, signature);

        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public " + signature.ReturnType + " " + GeneratedNames.PageMethodOf(endpoint.Name) + "(" + signature.Declaration(withRefitAttributes: false) + ")");
        w.Open();
        ClientEmitter.WriteArgumentChecks(w, signature);
        ClientEmitter.WriteUri(w, endpoint, names);
        w.Line("return SendForPageAsync(" + description + ", uri, " + json + ", " + GeneratedNames.CancellationTokenParameter + ");");
        w.Close();

        w.Block($$"""

            /// <inheritdoc/>
            public {{signature.ReturnType}} {{GeneratedNames.PageMethodOf(endpoint.Name)}}({{NextLinkDeclaration()}}) =>
                SendForNextPageAsync({{description}}, {{GeneratedNames.NextLinkParameter}}, {{json}}, {{GeneratedNames.CancellationTokenParameter}});
            """);
    }

    public static void WriteThrottledMembers(SourceWriter w, EndpointSpec endpoint, GeneratedNames names, OperationSignature signature)
    {
        string description = names.Global(names.Description);
        string pageMethod = GeneratedNames.PageMethodOf(endpoint.Name);
        WriteEnumerateMethod(w, endpoint, names, signature);
        ThrottledApiEmitter.WriteMethod(w, endpoint, description, pageMethod, signature.ReturnType, signature.Declaration(withRefitAttributes: false), signature.Parameters.Select(p => p.Name).ToList());
        ThrottledApiEmitter.WriteMethod(w, endpoint, description, pageMethod, signature.ReturnType, NextLinkDeclaration(), [GeneratedNames.NextLinkParameter]);
    }

    /// <summary>
    /// <c>XAsync</c>: the arguments are checked at once, then every page is read through this object's own page methods
    /// (a static lambda over a state value, so that a parameter may have any name).
    /// </summary>
    private static void WriteEnumerateMethod(SourceWriter w, EndpointSpec endpoint, GeneratedNames names, OperationSignature signature)
    {
        string element = CSharpTypes.Element(endpoint.Returns.Type!, names);
        string pageMethod = GeneratedNames.PageMethodOf(endpoint.Name);
        List<string> arguments = signature.Parameters.Select(p => p.Name).ToList();
        string state = arguments.Count == 0 ? "this" : "(this, " + string.Join(", ", arguments) + ")";
        string target = arguments.Count == 0 ? "state" : "state.Item1";
        string firstArguments = string.Join(", ", arguments.Select((_, i) => "state.Item" + (i + 2)).Concat([GeneratedNames.CancellationTokenParameter]));
        w.Line();
        w.Line("/// <inheritdoc/>");
        w.Line("public " + EnumerableType(element) + " " + endpoint.MethodName + "(" + signature.Declaration(withRefitAttributes: false) + ")");
        w.Open();
        ClientEmitter.WriteArgumentChecks(w, signature);
        w.Block($$"""
            return {{KnownTypes.ODataPaging}}.EnumerateAsync(
                {{names.Global(names.Description)}}.{{endpoint.Name}},
                {{state}},
                static (state, {{GeneratedNames.CancellationTokenParameter}}) => {{target}}.{{pageMethod}}({{firstArguments}}),
                static (state, {{GeneratedNames.NextLinkParameter}}, {{GeneratedNames.CancellationTokenParameter}}) => {{target}}.{{pageMethod}}({{GeneratedNames.NextLinkParameter}}, {{GeneratedNames.CancellationTokenParameter}}),
                {{GeneratedNames.CancellationTokenParameter}});
            """);
        w.Close();
    }

    private static string EnumerableType(string element) => KnownTypes.IAsyncEnumerable + "<" + element + ">";

    private static string NextLinkDeclaration() =>
        KnownTypes.Uri + " " + GeneratedNames.NextLinkParameter + ", " + KnownTypes.CancellationToken + " " + GeneratedNames.CancellationTokenParameter + " = default";
}
