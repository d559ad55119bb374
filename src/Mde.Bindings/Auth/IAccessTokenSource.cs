namespace Mde.Bindings.Auth;

/// <summary>
/// Gives bearer tokens for an audience. Implementations cache tokens and are safe to call concurrently;
/// <see cref="BearerTokenHandler"/> calls one for every request it authorizes.
/// </summary>
public interface IAccessTokenSource
{
    /// <summary>Gets a token issued for <paramref name="audience"/>, from the cache when one is still valid.</summary>
    /// <param name="audience">The resource the token is for, without <c>/.default</c> (for example <c>https://api.securitycenter.microsoft.com</c>).</param>
    /// <param name="forceRefresh"><see langword="true"/> to skip cached tokens (the API rejected the last one).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="MdeAuthenticationException">No token could be obtained; the message says what to check.</exception>
    Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken);
}
