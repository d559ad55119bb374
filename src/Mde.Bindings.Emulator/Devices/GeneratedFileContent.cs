using System.Security.Cryptography;
using System.Text;

namespace Mde.Bindings.Emulator.Devices;

/// <summary>The bytes GetFile collects for a path the device does not list: the same for the same device and path.</summary>
internal static class GeneratedFileContent
{
    private const int BodyLength = 4096;

    public static byte[] For(string deviceId, string path)
    {
        byte[] header = Encoding.UTF8.GetBytes($"Emulated file {path} collected from {deviceId}.\n");
        byte[] content = new byte[header.Length + BodyLength];
        header.CopyTo(content, 0);
        byte[] block = SHA256.HashData(Encoding.UTF8.GetBytes(deviceId + "\n" + path.ToUpperInvariant()));
        for (int offset = header.Length; offset < content.Length; offset += block.Length)
        {
            block.AsSpan(0, Math.Min(block.Length, content.Length - offset)).CopyTo(content.AsSpan(offset));
            block = SHA256.HashData(block);
        }

        return content;
    }
}
