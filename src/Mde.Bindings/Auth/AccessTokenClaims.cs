using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Mde.Bindings.Auth;

/// <summary>
/// What a Microsoft Entra access token says about itself: the audience it was issued for, the permissions it carries
/// (<c>roles</c> for an app token, <c>scp</c> for a delegated one), its expiry, the app and the tenant. Read from the
/// token's payload <em>without</em> checking its signature: use it to explain or predict what the API will answer,
/// never to decide whom to trust. <see cref="ToString"/> shows the claims, never the token.
/// </summary>
public sealed class AccessTokenClaims
{
    private AccessTokenClaims(string? audience, IReadOnlyList<string> roles, IReadOnlyList<string> scopes, DateTimeOffset? expiresOn, string? appId, string? tenantId)
    {
        Audience = audience;
        Roles = roles;
        Scopes = scopes;
        ExpiresOn = expiresOn;
        AppId = appId;
        TenantId = tenantId;
    }

    /// <summary>The <c>aud</c> claim: the resource the token was issued for (the first one when it lists several).</summary>
    public string? Audience { get; }

    /// <summary>The <c>roles</c> claim: the application permissions an app token carries (empty when there is none).</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>The <c>scp</c> claim split at spaces: the delegated permissions a user token carries (empty when there is none).</summary>
    public IReadOnlyList<string> Scopes { get; }

    /// <summary>
    /// Whether the token acts for a signed-in user (it has an <c>scp</c> claim): its <see cref="Scopes"/> are then
    /// compared with an operation's delegated permissions; otherwise its <see cref="Roles"/> with the application ones.
    /// </summary>
    public bool IsDelegated => Scopes.Count > 0;

    /// <summary>The permissions that count for this token: <see cref="Scopes"/> when <see cref="IsDelegated"/>, else <see cref="Roles"/>.</summary>
    public IReadOnlyList<string> Permissions => IsDelegated ? Scopes : Roles;

    /// <summary>The <c>exp</c> claim: when the token stops being accepted.</summary>
    public DateTimeOffset? ExpiresOn { get; }

    /// <summary>The app the token was issued to: the <c>appid</c> claim (v1 tokens) or <c>azp</c> (v2 tokens).</summary>
    public string? AppId { get; }

    /// <summary>The <c>tid</c> claim: the tenant that issued the token.</summary>
    public string? TenantId { get; }

    /// <summary>
    /// Whether the token carries a permission that allows <paramref name="operation"/>: one of its application
    /// permissions for an app token, one of its delegated permissions for a user token (those earlier published
    /// versions listed count too). The rule the permission preflight applies; the audience is not part of it (see
    /// <see cref="IsForApi"/>).
    /// </summary>
    public bool Allows(EndpointDescription operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return OperationPermissions.Allows(operation, IsDelegated, Permissions);
    }

    /// <summary>
    /// Whether <see cref="Audience"/> names the Defender for Endpoint API: <paramref name="requestedAudience"/> (the
    /// audience the token was asked for), or one of the API's identifiers (every cloud's audience, and the
    /// WindowsDefenderATP application id).
    /// </summary>
    public bool IsForApi(string? requestedAudience = null) =>
        OperationPermissions.IsApiAudience(Audience, requestedAudience ?? MdeCloud.Commercial.Audience);

    /// <summary>
    /// Reads the claims of a JSON Web Token (<c>header.payload.signature</c>) without checking its signature.
    /// Returns <see langword="false"/>, and never throws, for anything else: an opaque or encrypted token, a payload
    /// that is not base64url JSON, or a claim of the wrong type.
    /// </summary>
    /// <param name="token">The bearer token, without the <c>Bearer </c> prefix.</param>
    /// <param name="claims">The claims, when the token could be read.</param>
    public static bool TryRead(string? token, [NotNullWhen(true)] out AccessTokenClaims? claims)
    {
        claims = null;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        string[] parts = token.Split('.');
        if (parts.Length != 3 || parts[1].Length == 0 || !TryDecodeBase64Url(parts[1], out byte[]? payload))
        {
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(payload);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            claims = new AccessTokenClaims(
                ReadAudience(root),
                ReadStrings(root, "roles"),
                ReadString(root, "scp") is { } scp ? scp.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [],
                ReadExpiry(root),
                ReadString(root, "appid") ?? ReadString(root, "azp"),
                ReadString(root, "tid"));
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        string permissions = IsDelegated
            ? "scopes " + string.Join(", ", Scopes)
            : Roles.Count == 0 ? "no roles" : "roles " + string.Join(", ", Roles);
        string expires = ExpiresOn is { } at ? at.ToString("u", CultureInfo.InvariantCulture) : "unknown";
        return $"Access token for {Audience ?? "(no audience)"}, app {AppId ?? "(unknown)"}, tenant {TenantId ?? "(unknown)"}, {permissions}, expires {expires}";
    }

    private static string? ReadAudience(JsonElement root)
    {
        if (!root.TryGetProperty("aud", out JsonElement aud))
        {
            return null;
        }

        // RFC 7519 allows an array of audiences; Entra ID issues one.
        return aud.ValueKind == JsonValueKind.Array
            ? aud.EnumerateArray().Select(a => a.GetString()).FirstOrDefault(a => !string.IsNullOrEmpty(a))
            : aud.GetString();
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null ? value.GetString() : null;

    private static string[] ReadStrings(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.String
            ? [value.GetString()!]
            : value.EnumerateArray().Select(v => v.GetString() ?? string.Empty).Where(v => v.Length > 0).ToArray();
    }

    private static DateTimeOffset? ReadExpiry(JsonElement root)
    {
        if (!root.TryGetProperty("exp", out JsonElement exp) || exp.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // NumericDate: seconds since the epoch, possibly with a fraction.
        double seconds = exp.GetDouble();
        return seconds is >= 0 and < 253402300800 ? DateTimeOffset.FromUnixTimeSeconds((long)seconds) : throw new FormatException("exp is out of range.");
    }

    private static bool TryDecodeBase64Url(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        if (text.Length % 4 == 1)
        {
            return false;
        }

        string padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out int written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }
}
