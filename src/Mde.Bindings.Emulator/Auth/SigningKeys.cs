using System.Security.Cryptography;
using System.Text;

namespace Mde.Bindings.Emulator.Auth;

/// <summary>One key per purpose, derived from the instance's signing key, so a token signature never validates a link.</summary>
internal sealed class SigningKeys
{
    public SigningKeys(byte[]? masterKey)
    {
        byte[] master = masterKey ?? RandomNumberGenerator.GetBytes(32);
        TokenKey = HMACSHA256.HashData(master, Encoding.ASCII.GetBytes("mde-emulator/token"));
        LinkKey = HMACSHA256.HashData(master, Encoding.ASCII.GetBytes("mde-emulator/link"));
    }

    public byte[] TokenKey { get; }

    public byte[] LinkKey { get; }
}
