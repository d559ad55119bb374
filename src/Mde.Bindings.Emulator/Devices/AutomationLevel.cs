namespace Mde.Bindings.Emulator.Devices;

/// <summary>
/// The automated investigation and remediation levels a device group can have, as the portal names them. Live
/// response refuses devices whose group has none, or "No automated response" (see <see cref="EmulatedDeviceGroup"/>).
/// </summary>
public enum AutomationLevel
{
    /// <summary>"No automated response": the level the portal once called "Not protected".</summary>
    NoAutomatedResponse,

    /// <summary>"Semi - require approval for any remediation".</summary>
    SemiAnyFolder,

    /// <summary>"Semi - require approval for core folders remediation".</summary>
    SemiCoreFolders,

    /// <summary>"Semi - require approval for non-temp folders remediation".</summary>
    SemiNonTempFolders,

    /// <summary>"Full - remediate threats automatically", the default for new tenants.</summary>
    Full,
}
