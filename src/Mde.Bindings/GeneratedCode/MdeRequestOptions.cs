using System.ComponentModel;
namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// Keys of the <see cref="HttpRequestMessage.Options"/> that generated clients set on each request, so that
/// handlers in the pipeline (auth, rate-limit feedback, logging, metrics) know which operation they carry.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MdeRequestOptions
{
    /// <summary>The <see cref="EndpointDescription"/> of the operation the request belongs to.</summary>
    public static readonly HttpRequestOptionsKey<EndpointDescription> Endpoint = new("Mde.Bindings.Endpoint");

    /// <summary>The claims of the token the request carries, set by <see cref="Auth.BearerTokenHandler"/> when it could read them.</summary>
    internal static readonly HttpRequestOptionsKey<Auth.AccessTokenClaims> TokenClaims = new("Mde.Bindings.TokenClaims");

    /// <summary>The audience the token was requested for, set with <see cref="TokenClaims"/>.</summary>
    internal static readonly HttpRequestOptionsKey<string> RequestedAudience = new("Mde.Bindings.RequestedAudience");

    /// <summary>Gets the operation a request belongs to, if a generated client sent it.</summary>
    public static EndpointDescription? GetEndpoint(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(Endpoint, out EndpointDescription? endpoint) ? endpoint : null;
    }
}
