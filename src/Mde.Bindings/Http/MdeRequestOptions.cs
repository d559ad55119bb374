using Mde.Bindings.Auth;

namespace Mde.Bindings.Http;

/// <summary>
/// Which operation a request belongs to, so that handlers in the pipeline (auth, rate-limit feedback, logging, metrics)
/// can tell. Generated clients carry it on the request itself; a request of your own joins an operation when you set
/// <see cref="Endpoint"/> in its <see cref="HttpRequestMessage.Options"/>. Read it with <see cref="GetEndpoint"/>.
/// </summary>
internal static class MdeRequestOptions
{
    /// <summary>The key under which a request of your own names its <see cref="EndpointDescription"/>.</summary>
    public static readonly HttpRequestOptionsKey<EndpointDescription> Endpoint = new("Mde.Bindings.Endpoint");

    private static readonly HttpRequestOptionsKey<bool> s_attempted = new("Mde.Bindings.Attempted");
    private static readonly HttpRequestOptionsKey<AccessTokenClaims> s_tokenClaims = new("Mde.Bindings.TokenClaims");
    private static readonly HttpRequestOptionsKey<string> s_requestedAudience = new("Mde.Bindings.RequestedAudience");

    /// <summary>Gets the operation a request belongs to: the one a generated client sent it for, or its <see cref="Endpoint"/> option.</summary>
    public static EndpointDescription? GetEndpoint(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is ApiRequestMessage api)
        {
            return api.Endpoint;
        }

        return request.Options.TryGetValue(Endpoint, out EndpointDescription? endpoint) ? endpoint : null;
    }

    /// <summary>Marks the request as attempted and says whether it already was (its next pass is a retried attempt).</summary>
    internal static bool MarkAttempted(HttpRequestMessage request)
    {
        if (request is ApiRequestMessage api)
        {
            bool was = api.Attempted;
            api.Attempted = true;
            return was;
        }

        bool attempted = request.Options.TryGetValue(s_attempted, out bool value) && value;
        request.Options.Set(s_attempted, true);
        return attempted;
    }

    /// <summary>Keeps the claims of the token the request carries, and the audience it was asked for, to explain a 403.</summary>
    internal static void SetTokenClaims(HttpRequestMessage request, AccessTokenClaims claims, string requestedAudience)
    {
        if (request is ApiRequestMessage api)
        {
            api.TokenClaims = claims;
            api.RequestedAudience = requestedAudience;
            return;
        }

        request.Options.Set(s_tokenClaims, claims);
        request.Options.Set(s_requestedAudience, requestedAudience);
    }

    /// <summary>The claims <see cref="SetTokenClaims"/> kept, if any.</summary>
    internal static AccessTokenClaims? GetTokenClaims(HttpRequestMessage request) =>
        request is ApiRequestMessage api ? api.TokenClaims
        : request.Options.TryGetValue(s_tokenClaims, out AccessTokenClaims? claims) ? claims : null;

    /// <summary>The audience <see cref="SetTokenClaims"/> kept, if any.</summary>
    internal static string? GetRequestedAudience(HttpRequestMessage request) =>
        request is ApiRequestMessage api ? api.RequestedAudience
        : request.Options.TryGetValue(s_requestedAudience, out string? audience) ? audience : null;
}
