using System.Text;
using Mde.Bindings.Emulator.Library;

namespace Mde.Bindings.Emulator.Scripts;

/// <summary>
/// Whether a library script counts as signed when the tenant refuses unsigned scripts. Signature checks apply to
/// PowerShell only (the live response docs); a script is signed when it carries PowerShell's Authenticode block.
/// The emulator does not verify the signature itself.
/// </summary>
internal static class ScriptSignature
{
    private const string SignatureBlockStart = "# SIG # Begin signature block";

    public static bool IsSigned(EmulatedLibraryFile file) =>
        !file.FileName.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase)
        || Encoding.UTF8.GetString(file.Content).Contains(SignatureBlockStart, StringComparison.Ordinal);

    /// <summary>PowerShell's refusal of an unsigned script, as users quote it; the device path is left out.</summary>
    public static string NotSignedError(string scriptName) =>
        $"File {scriptName} cannot be loaded. The file {scriptName} is not digitally signed. You cannot run this script on the current system.";
}
