namespace Mde.Bindings.Emulator.Admin;

/// <summary>A device as the admin endpoints read and write it; file contents are base64.</summary>
internal sealed class AdminDevice
{
    public string Id { get; set; } = string.Empty;

    public string ComputerDnsName { get; set; } = string.Empty;

    public bool FailMissingFiles { get; set; }

    public Dictionary<string, byte[]>? Files { get; set; }

    public TimeSpan ActionStatusDelay { get; set; }

    public TimeSpan CommandStatusDelay { get; set; }

    public EmulatedDevice ToDevice() => new(Id, ComputerDnsName)
    {
        FailMissingFiles = FailMissingFiles,
        ActionStatusDelay = ActionStatusDelay,
        CommandStatusDelay = CommandStatusDelay,
        Files = new Dictionary<string, byte[]>(Files ?? [], StringComparer.OrdinalIgnoreCase),
    };

    public static AdminDevice From(EmulatedDevice device) => new()
    {
        Id = device.Id,
        ComputerDnsName = device.ComputerDnsName,
        FailMissingFiles = device.FailMissingFiles,
        ActionStatusDelay = device.ActionStatusDelay,
        CommandStatusDelay = device.CommandStatusDelay,
        Files = device.Files.ToDictionary(f => f.Key, f => f.Value),
    };
}
