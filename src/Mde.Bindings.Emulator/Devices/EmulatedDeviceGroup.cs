namespace Mde.Bindings.Emulator.Devices;

/// <summary>
/// The device group (RBAC machine group) a device belongs to, with the settings that decide whether live response
/// may start on its devices.
/// </summary>
public sealed class EmulatedDeviceGroup
{
    /// <summary>Creates a group.</summary>
    /// <param name="id">The group's id, reported as the device's <c>rbacGroupId</c>.</param>
    /// <param name="name">The group's name, reported as <c>rbacGroupName</c>.</param>
    /// <exception cref="ArgumentException">The name is empty or the id negative.</exception>
    public EmulatedDeviceGroup(long id, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Id = id;
        Name = name;
    }

    /// <summary>The group devices are in unless given another (the service's name for devices in no group of their own).</summary>
    public static EmulatedDeviceGroup Unassigned { get; } = new(0, "UnassignedGroup");

    /// <summary>The group's id.</summary>
    public long Id { get; }

    /// <summary>The group's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The group's automation level; <see langword="null"/> when none is assigned. RunLiveResponse on a device of a
    /// group with none, or with <see cref="Mde.Bindings.Emulator.Devices.AutomationLevel.NoAutomatedResponse"/>, is refused
    /// with 403 <c>DisallowedOperation</c>.
    /// </summary>
    public AutomationLevel? AutomationLevel { get; init; } = Mde.Bindings.Emulator.Devices.AutomationLevel.Full;

    /// <summary>
    /// Whether live response may start on the group's devices; when off, RunLiveResponse is refused with 403
    /// <c>DisabledFeature</c>. The service turns live response on in the tenant's Advanced features (servers
    /// separately); a group with it off stands for the devices such a setting leaves out.
    /// </summary>
    public bool LiveResponseEnabled { get; init; } = true;

    /// <summary>Whether the group's automation level lets live response start.</summary>
    internal bool AllowsLiveResponseSessions => AutomationLevel is { } level && level != Mde.Bindings.Emulator.Devices.AutomationLevel.NoAutomatedResponse;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Id})";
}
