using Mde.Bindings.Auth;

namespace Mde.Bindings.Http;

/// <summary>
/// The request a generated client sends. It carries its operation, and what the handlers learn about it on the way,
/// in fields: the <see cref="HttpRequestMessage.Options"/> dictionary would cost an allocation on every call.
/// <see cref="MdeRequestOptions"/> reads and writes them, and the options of any other request.
/// </summary>
internal sealed class ApiRequestMessage(HttpMethod method, Uri requestUri, EndpointDescription endpoint) : HttpRequestMessage(method, requestUri)
{
    public EndpointDescription Endpoint { get; } = endpoint;

    /// <summary>Whether the request went through the permit handler once already (a later pass is a retried attempt).</summary>
    public bool Attempted { get; set; }

    public AccessTokenClaims? TokenClaims { get; set; }

    public string? RequestedAudience { get; set; }
}
