using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mde.Bindings.Emulator.Auth;

/// <summary>
/// Issues and checks the emulator's bearer tokens: JWTs signed with HMAC-SHA256 whose <c>roles</c> claim lists the
/// app's application permissions, like the tokens Microsoft Entra ID issues for the API.
/// </summary>
internal sealed class TokenService
{
    private static readonly string Header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);

    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _lifetime;
    private readonly string _tenantId;

    public TokenService(byte[] key, TimeProvider timeProvider, TimeSpan lifetime, string tenantId)
    {
        _key = key;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _tenantId = tenantId;
    }

    public (string Token, DateTimeOffset ExpiresAt) Issue(EmulatorApp app, string audience)
    {
        DateTimeOffset now = _timeProvider.GetUtcNow();
        DateTimeOffset expires = now + _lifetime;
        var payload = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteString("aud", audience);
            writer.WriteString("iss", "https://emulator.mde-bindings.local/" + _tenantId + "/");
            writer.WriteNumber("iat", now.ToUnixTimeSeconds());
            writer.WriteNumber("nbf", now.ToUnixTimeSeconds());
            writer.WriteNumber("exp", expires.ToUnixTimeSeconds());
            writer.WriteString("appid", app.ClientId);
            writer.WriteString("app_displayname", app.DisplayName);
            writer.WriteString("tid", _tenantId);
            writer.WriteString("jti", Guid.NewGuid().ToString("N"));
            // Entra ID leaves the claim out of an app token that was granted no application permission.
            if (app.Roles.Count > 0)
            {
                writer.WriteStartArray("roles");
                foreach (string role in app.Roles)
                {
                    writer.WriteStringValue(role);
                }

                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }

        string unsigned = Header + "." + Base64Url.EncodeToString(payload.WrittenSpan);
        return (unsigned + "." + Base64Url.EncodeToString(Sign(unsigned)), expires);
    }

    /// <summary>Checks the signature and lifetime of a token; <paramref name="failure"/> says why it is refused (never the token itself).</summary>
    public bool TryValidate(string token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TokenClaims? claims, out string failure)
    {
        claims = null;
        string[] parts = token.Split('.');
        if (parts.Length != 3 || !Base64Url.IsValid(parts[1]) || !Base64Url.IsValid(parts[2]))
        {
            failure = "The access token is not a JWT issued by this emulator.";
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(Sign(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2])))
        {
            failure = "The access token's signature is invalid.";
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            JsonElement root = document.RootElement;
            DateTimeOffset expires = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
            DateTimeOffset notBefore = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("nbf").GetInt64());
            DateTimeOffset now = _timeProvider.GetUtcNow();
            if (now >= expires)
            {
                failure = "The access token has expired.";
                return false;
            }

            if (now < notBefore)
            {
                failure = "The access token is not valid yet.";
                return false;
            }

            string[] roles = root.TryGetProperty("roles", out JsonElement rolesElement)
                ? [.. rolesElement.EnumerateArray().Select(r => r.GetString() ?? string.Empty)]
                : [];
            claims = new TokenClaims(
                root.GetProperty("appid").GetString() ?? string.Empty,
                root.TryGetProperty("app_displayname", out JsonElement name) ? name.GetString() ?? string.Empty : string.Empty,
                root.GetProperty("aud").GetString() ?? string.Empty,
                roles);
            failure = string.Empty;
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            failure = "The access token's claims are unreadable.";
            return false;
        }
    }

    private byte[] Sign(string unsigned) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(unsigned));
}
