using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mde.Bindings.Emulator.Storage;

/// <summary>
/// Makes and checks SAS-like download links: the blob path, an expiry <c>se=</c> and fixed <c>sp</c>, <c>sv</c>,
/// <c>sr</c> values, signed together with HMAC-SHA256 in <c>sig=</c>. Changing any of them breaks the signature.
/// </summary>
internal sealed class LinkSigner
{
    public const string Container = "investigation-actions-data";
    private const string Permissions = "r";
    private const string Version = "2019-07-07";
    private const string Resource = "b";
    private const string ExpiryFormat = "yyyy-MM-ddTHH:mm:ssZ";

    private readonly byte[] _key;
    private readonly TimeProvider _timeProvider;

    public LinkSigner(byte[] key, TimeProvider timeProvider)
    {
        _key = key;
        _timeProvider = timeProvider;
    }

    /// <summary>The blob path of one command's result.</summary>
    public static string BlobPath(string actionId, int commandIndex) =>
        $"/{Container}/{actionId}/CustomPlaybookCommandOutput/{commandIndex.ToString(CultureInfo.InvariantCulture)}";

    public Uri Create(Uri storageBaseAddress, string actionId, int commandIndex, DateTimeOffset expiresAt)
    {
        string path = BlobPath(actionId, commandIndex);
        string expiry = expiresAt.UtcDateTime.ToString(ExpiryFormat, CultureInfo.InvariantCulture);
        string signature = Convert.ToBase64String(Sign(path, expiry));
        string query = $"se={Uri.EscapeDataString(expiry)}&sp={Permissions}&sv={Version}&sr={Resource}&sig={Uri.EscapeDataString(signature)}";
        return new Uri(storageBaseAddress, path + "?" + query);
    }

    /// <summary>Checks a request's link; <paramref name="failure"/> says why it is refused.</summary>
    public bool TryVerify(HttpRequest request, bool treatAsExpired, out string failure)
    {
        string? expiry = request.Query["se"];
        string? signature = request.Query["sig"];
        if (string.IsNullOrEmpty(expiry) || string.IsNullOrEmpty(signature)
            || request.Query["sp"] != Permissions || request.Query["sv"] != Version || request.Query["sr"] != Resource)
        {
            failure = "Server failed to authenticate the request: the link lacks its se, sp, sv, sr or sig parameter.";
            return false;
        }

        byte[] presented = new byte[32];
        if (!Convert.TryFromBase64String(signature, presented, out int length) || length != presented.Length
            || !CryptographicOperations.FixedTimeEquals(presented, Sign(request.Path.Value ?? string.Empty, expiry)))
        {
            failure = "Server failed to authenticate the request: the signature does not match the link.";
            return false;
        }

        if (!DateTimeOffset.TryParseExact(expiry, ExpiryFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset expiresAt))
        {
            failure = "Server failed to authenticate the request: the signed expiry is unreadable.";
            return false;
        }

        if (treatAsExpired || _timeProvider.GetUtcNow() >= expiresAt)
        {
            failure = $"Signature not valid in the specified time frame: the link expired at {expiry}. Request a new link.";
            return false;
        }

        failure = string.Empty;
        return true;
    }

    private byte[] Sign(string path, string expiry) =>
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Join('\n', path, expiry, Permissions, Version, Resource)));
}
