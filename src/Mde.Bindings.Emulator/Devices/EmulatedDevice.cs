using Mde.Bindings.Emulator.Scripts;

namespace Mde.Bindings.Emulator.Devices;

/// <summary>A device the emulator knows: live response actions can run on it, and GetFile reads its files.</summary>
public sealed class EmulatedDevice
{
    /// <summary>Creates a device.</summary>
    /// <param name="id">The machine id callers pass to RunLiveResponse.</param>
    /// <param name="computerDnsName">The device's name, reported as <c>computerDnsName</c>.</param>
    /// <exception cref="ArgumentException">The id or name is empty, or the id holds a character a URL path cannot carry.</exception>
    public EmulatedDevice(string id, string computerDnsName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(computerDnsName);
        if (id.IndexOfAny(['/', '\\', '?', '#', '%']) >= 0)
        {
            throw new ArgumentException($"The device id '{id}' holds '/', '\\', '?', '#' or '%', which a request path cannot carry: use letters, digits, '-' or '_'.", nameof(id));
        }

        Id = id;
        ComputerDnsName = computerDnsName;
    }

    /// <summary>The machine id.</summary>
    public string Id { get; }

    /// <summary>The device's name.</summary>
    public string ComputerDnsName { get; }

    /// <summary>
    /// Files a GetFile command collects, by path (compared ignoring case). A path not listed gets generated content,
    /// unless <see cref="FailMissingFiles"/> is set.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; init; } = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);

    /// <summary>When set, GetFile of a path not in <see cref="Files"/> fails the command instead of producing generated content.</summary>
    public bool FailMissingFiles { get; init; }

    /// <summary>
    /// How every RunScript command goes on this device, whatever the script's rule or directives say: a fleet whose
    /// devices take their own time or fail. <see langword="null"/> (the default) lets the script decide.
    /// </summary>
    public ScriptBehavior? ScriptBehavior { get; init; }

    /// <summary>
    /// How long an action stays InProgress after its last command completed. A cancel in that window leaves the
    /// action Cancelled with every command Completed, the race elastic/kibana pull request 236963 records.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    public TimeSpan ActionStatusDelay { get => _actionStatusDelay; init => _actionStatusDelay = NotNegative(value, nameof(ActionStatusDelay)); }

    /// <summary>
    /// How long the last command of an action still reads Executing after the action reads Succeeded: the action's
    /// status running ahead of its commands', which the workflow re-reads for.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative.</exception>
    public TimeSpan CommandStatusDelay { get => _commandStatusDelay; init => _commandStatusDelay = NotNegative(value, nameof(CommandStatusDelay)); }

    /// <summary>The device group, whose settings decide whether live response may start on the device.</summary>
    /// <exception cref="ArgumentNullException">The group is null.</exception>
    public EmulatedDeviceGroup Group { get => _group; init => _group = value ?? throw new ArgumentNullException(nameof(Group), "Give a device group, or leave the default EmulatedDeviceGroup.Unassigned."); }

    /// <summary>
    /// The device's <c>healthStatus</c>: Active (the default), Inactive, ImpairedCommunication, NoSensorData,
    /// NoSensorDataImpairedCommunication or Unknown.
    /// </summary>
    public string HealthStatus { get; init; } = "Active";

    /// <summary>The device's <c>onboardingStatus</c>: Onboarded (the default), CanBeOnboarded, Unsupported or InsufficientInfo.</summary>
    public string OnboardingStatus { get; init; } = "Onboarded";

    /// <summary>When the device last reported (<c>lastSeen</c>); <see langword="null"/> for "just now" by the emulator's clock.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>The device's <c>osPlatform</c>.</summary>
    public string OsPlatform { get; init; } = "Windows11";

    private readonly EmulatedDeviceGroup _group = EmulatedDeviceGroup.Unassigned;
    private readonly TimeSpan _actionStatusDelay;
    private readonly TimeSpan _commandStatusDelay;

    private static TimeSpan NotNegative(TimeSpan value, string name) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} cannot be negative: give a delay of zero (no race) or more.");

    /// <inheritdoc/>
    public override string ToString() => $"{Id} ({ComputerDnsName})";
}
