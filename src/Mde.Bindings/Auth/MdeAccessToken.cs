namespace Mde.Bindings.Auth;

/// <summary>
/// A bearer token and when it expires. <see cref="ToString"/> never shows the token: pass <see cref="Value"/> only
/// to the <c>Authorization</c> header.
/// </summary>
/// <example>
/// <code>
/// // A token source of your own (a vault, a broker): hand out the token and when it expires.
/// sealed class VaultTokenSource(Func&lt;CancellationToken, Task&lt;string&gt;&gt; fetch) : IAccessTokenSource
/// {
///     public async Task&lt;MdeAccessToken&gt; GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken) =>
///         new MdeAccessToken(await fetch(cancellationToken), DateTimeOffset.UtcNow.AddMinutes(50));
/// }
/// </code>
/// </example>
public sealed class MdeAccessToken
{
    /// <summary>Creates a token.</summary>
    /// <exception cref="ArgumentException"><paramref name="value"/> is empty.</exception>
    public MdeAccessToken(string value, DateTimeOffset expiresOn)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
        ExpiresOn = expiresOn;
    }

    /// <summary>The token itself, a credential: send it, never log it.</summary>
    public string Value { get; }

    /// <summary>When the token stops being accepted.</summary>
    public DateTimeOffset ExpiresOn { get; }

    /// <inheritdoc/>
    public override string ToString() => $"Bearer {Redaction.Placeholder} (expires {ExpiresOn:u})";
}
