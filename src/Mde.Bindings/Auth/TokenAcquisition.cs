using Microsoft.Identity.Client;

namespace Mde.Bindings.Auth;

/// <summary>
/// What the MSAL token sources share: one acquisition at a time, so that concurrent first calls fill the cache
/// once instead of each asking the identity provider, and identity errors turned into
/// <see cref="MdeAuthenticationException"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphore never hands out its wait handle, so it holds nothing to release; it lives as long as its token source.")]
internal sealed class TokenAcquisition
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<MdeAccessToken> RunAsync(Func<CancellationToken, Task<AuthenticationResult>> acquire, Func<string> describeAttempt, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            AuthenticationResult result = await acquire(cancellationToken).ConfigureAwait(false);
            return new MdeAccessToken(result.AccessToken, result.ExpiresOn);
        }
        catch (MsalException ex)
        {
            throw MsalErrorTranslator.Translate(ex, describeAttempt());
        }
        finally
        {
            _gate.Release();
        }
    }
}
