using Mde.Bindings.Emulator.Devices;

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

    public string? HealthStatus { get; set; }

    public string? OnboardingStatus { get; set; }

    public DateTimeOffset? LastSeen { get; set; }

    /// <summary>The device group; absent for <see cref="EmulatedDeviceGroup.Unassigned"/>.</summary>
    public AdminDeviceGroup? Group { get; set; }

    public EmulatedDevice ToDevice() => new(Id, ComputerDnsName)
    {
        HealthStatus = HealthStatus ?? "Active",
        OnboardingStatus = OnboardingStatus ?? "Onboarded",
        LastSeen = LastSeen,
        Group = Group?.ToGroup() ?? EmulatedDeviceGroup.Unassigned,
        FailMissingFiles = FailMissingFiles,
        ActionStatusDelay = ActionStatusDelay,
        CommandStatusDelay = CommandStatusDelay,
        Files = new Dictionary<string, byte[]>(Files ?? [], StringComparer.OrdinalIgnoreCase),
    };

    public static AdminDevice From(EmulatedDevice device) => new()
    {
        HealthStatus = device.HealthStatus,
        OnboardingStatus = device.OnboardingStatus,
        LastSeen = device.LastSeen,
        Group = AdminDeviceGroup.From(device.Group),
        Id = device.Id,
        ComputerDnsName = device.ComputerDnsName,
        FailMissingFiles = device.FailMissingFiles,
        ActionStatusDelay = device.ActionStatusDelay,
        CommandStatusDelay = device.CommandStatusDelay,
        Files = device.Files.ToDictionary(f => f.Key, f => f.Value),
    };
}
