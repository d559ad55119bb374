using System.IO.Compression;

namespace Mde.Bindings.Emulator.Storage;

/// <summary>
/// A GetFile result as the service stores it: the collected bytes gzip-compressed, served as they are, with no
/// <c>Content-Encoding</c> header. Sources: demisto/content
/// Packs/MicrosoftDefenderAdvancedThreatProtection/Integrations/MicrosoftDefenderAdvancedThreatProtection/MicrosoftDefenderAdvancedThreatProtection.py
/// saves the downloaded result as <c>Response Result.gz</c> after fetching it with a client that would have undone a
/// <c>Content-Encoding</c>; msdirtbag/MDEAutomator README.md stores collected files as "file gzips" and downloads
/// one to <c>test.msi.gz</c>.
/// </summary>
internal static class GzipResult
{
    public static byte[] Compress(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.ToArray();
    }
}
