namespace Mde.Bindings.Auth;

/// <summary>
/// A bearer token and when it expires. <see cref="ToString"/> never shows the token: pass <see cref="Value"/> only
/// to the <c>Authorization</c> header.
/// </summary>
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
