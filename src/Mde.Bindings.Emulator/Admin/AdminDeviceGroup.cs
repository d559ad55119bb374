using Mde.Bindings.Emulator.Devices;

namespace Mde.Bindings.Emulator.Admin;

/// <summary>
/// A device group as the admin endpoints read and write it: <c>automationLevel</c> is an <see cref="AutomationLevel"/>
/// name, or <c>"None"</c> (or absent) for a group with no level assigned.
/// </summary>
internal sealed class AdminDeviceGroup
{
    private const string NoLevel = "None";

    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? AutomationLevel { get; set; }

    public bool LiveResponseEnabled { get; set; } = true;

    /// <exception cref="ArgumentException">The name is empty, the id negative, or the level unknown (the admin endpoint answers 400).</exception>
    public EmulatedDeviceGroup ToGroup() => new(Id, Name)
    {
        AutomationLevel = AutomationLevel is null || string.Equals(AutomationLevel, NoLevel, StringComparison.OrdinalIgnoreCase)
            ? null
            : Enum.TryParse(AutomationLevel, ignoreCase: true, out Devices.AutomationLevel level) && Enum.IsDefined(level)
                ? level
                : throw new ArgumentException($"automationLevel '{AutomationLevel}' is not one of {NoLevel}, {string.Join(", ", Enum.GetNames<Devices.AutomationLevel>())}."),
        LiveResponseEnabled = LiveResponseEnabled,
    };

    public static AdminDeviceGroup From(EmulatedDeviceGroup group) => new()
    {
        Id = group.Id,
        Name = group.Name,
        AutomationLevel = group.AutomationLevel?.ToString() ?? NoLevel,
        LiveResponseEnabled = group.LiveResponseEnabled,
    };
}
