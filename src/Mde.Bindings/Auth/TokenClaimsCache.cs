namespace Mde.Bindings.Auth;

/// <summary>
/// The claims of the last token a handler obtained, so that each token is read once rather than on every call (a
/// token source hands out the same token until it nears expiry).
/// </summary>
internal sealed class TokenClaimsCache
{
    private Entry? _last;
    private int _reads;

    /// <summary>How many tokens were read (tests check that a token is read once).</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>The claims of <paramref name="token"/>, or <see langword="null"/> for an opaque token.</summary>
    public AccessTokenClaims? Get(string token)
    {
        // One reference read and one write: threads racing on a new token at worst read it twice.
        Entry? last = _last;
        if (last is not null && string.Equals(last.Token, token, StringComparison.Ordinal))
        {
            return last.Claims;
        }

        AccessTokenClaims.TryRead(token, out AccessTokenClaims? claims);
        Interlocked.Increment(ref _reads);
        _last = new Entry(token, claims);
        return claims;
    }

    private sealed record Entry(string Token, AccessTokenClaims? Claims)
    {
        // The record's generated ToString would print the token.
        public override string ToString() => Claims?.ToString() ?? "opaque token";
    }
}
