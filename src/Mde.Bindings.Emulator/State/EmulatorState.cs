using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Library;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.State;

/// <summary>
/// What the emulator holds: devices, the live response library and machine actions. Tests and the CLI seed and read
/// it here; the API changes it. Safe to use from any thread.
/// </summary>
public sealed class EmulatorState
{
    private readonly object _gate = new();
    private readonly EmulatorOptions _options;
    private readonly Dictionary<string, EmulatedDevice> _devices = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, StoredLibraryFile> _library = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<LiveResponseAction> _actions = [];
    private readonly ActionPlanner _planner;

    internal EmulatorState(EmulatorOptions options)
    {
        _options = options;
        _planner = new ActionPlanner(options, name => FindStoredLibraryFile(name)?.File);
        if (options.IncludeDemoDevice)
        {
            AddDevice(DemoContent.Device);
        }

        foreach (EmulatedDevice device in options.Devices)
        {
            AddDevice(device);
        }

        if (options.IncludeDemoLibrary)
        {
            AddLibraryFile(DemoContent.Script);
        }

        foreach (EmulatedLibraryFile file in options.LibraryFiles)
        {
            AddLibraryFile(file);
        }
    }

    /// <summary>The devices, in no particular order.</summary>
    public IReadOnlyList<EmulatedDevice> Devices
    {
        get
        {
            lock (_gate)
            {
                return [.. _devices.Values];
            }
        }
    }

    /// <summary>The library's files, by name.</summary>
    public IReadOnlyList<EmulatedLibraryFile> LibraryFiles
    {
        get
        {
            lock (_gate)
            {
                return [.. _library.Values.Select(e => e.File).OrderBy(f => f.FileName, StringComparer.OrdinalIgnoreCase)];
            }
        }
    }

    /// <summary>Every live response action, oldest first, as it stands now (by the emulator's clock).</summary>
    public IReadOnlyList<EmulatedMachineAction> MachineActions
    {
        get
        {
            DateTimeOffset now = _options.TimeProvider.GetUtcNow();
            return [.. SnapshotActions().Select(a => Describe(a, a.Evaluate(now)))];
        }
    }

    /// <summary>The device with this machine id or, failing that, this computer name (both ignoring case), or null.</summary>
    internal EmulatedDevice? FindDevice(string idOrName)
    {
        lock (_gate)
        {
            return _devices.TryGetValue(idOrName, out EmulatedDevice? device)
                ? device
                : _devices.Values.FirstOrDefault(d => string.Equals(d.ComputerDnsName, idOrName, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Adds a device, or replaces the one with the same id.</summary>
    public void AddDevice(EmulatedDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        lock (_gate)
        {
            _devices[device.Id] = device;
        }
    }

    /// <summary>Adds a file to the library, or replaces the one with the same name.</summary>
    public void AddLibraryFile(EmulatedLibraryFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        PutLibraryFile(file, overwrite: true);
    }

    /// <summary>Removes a file from the library.</summary>
    /// <returns><see langword="false"/> when no file has that name.</returns>
    public bool RemoveLibraryFile(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        lock (_gate)
        {
            return _library.Remove(fileName);
        }
    }

    internal StoredLibraryFile? FindStoredLibraryFile(string fileName)
    {
        lock (_gate)
        {
            return _library.GetValueOrDefault(fileName);
        }
    }

    internal IReadOnlyList<StoredLibraryFile> StoredLibraryFiles()
    {
        lock (_gate)
        {
            return [.. _library.Values.OrderBy(e => e.File.FileName, StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <returns>The stored entry, or <see langword="null"/> when a file of that name exists and <paramref name="overwrite"/> is off.</returns>
    internal StoredLibraryFile? PutLibraryFile(EmulatedLibraryFile file, bool overwrite)
    {
        DateTimeOffset now = _options.TimeProvider.GetUtcNow();
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(file.Content));
        lock (_gate)
        {
            if (_library.TryGetValue(file.FileName, out StoredLibraryFile? existing))
            {
                if (!overwrite)
                {
                    return null;
                }

                return _library[file.FileName] = new StoredLibraryFile(file, sha256, existing.CreationTime, now);
            }

            return _library[file.FileName] = new StoredLibraryFile(file, sha256, now, now);
        }
    }

    internal LiveResponseAction? FindAction(string id)
    {
        lock (_gate)
        {
            return _actions.Find(a => string.Equals(a.Id, id, StringComparison.OrdinalIgnoreCase));
        }
    }

    internal IReadOnlyList<LiveResponseAction> SnapshotActions()
    {
        lock (_gate)
        {
            return [.. _actions];
        }
    }

    /// <summary>Starts a live response action, or says why not (unknown device, bad body, active action, too many sessions).</summary>
    internal bool TryStartLiveResponse(
        string machineId,
        RunLiveResponseRequest request,
        string requestor,
        [NotNullWhen(true)] out LiveResponseAction? action,
        [NotNullWhen(false)] out RequestError? error)
    {
        DateTimeOffset now = _options.TimeProvider.GetUtcNow();
        action = null;
        lock (_gate)
        {
            if (!_devices.TryGetValue(machineId, out EmulatedDevice? device))
            {
                error = RequestError.NotFound($"Machine {machineId} was not found");
                return false;
            }

            error = ActionPlanner.Validate(request) ?? DeviceGroupRefusal(device.Group);
            if (error is not null)
            {
                return false;
            }

            List<LiveResponseAction> active = _actions.FindAll(a => !a.IsFinalAt(now));
            if (active.Exists(a => string.Equals(a.Device.Id, device.Id, StringComparison.OrdinalIgnoreCase)))
            {
                // Status, code and text as users report them: microsoft-365-docs issue 5908 and pull request 11695.
                error = new RequestError(400, "ActiveRequestAlreadyExists", "Action is already in progress");
                return false;
            }

            if (active.Count >= _options.MaxConcurrentSessions)
            {
                TimeSpan wait = _options.RetryAfterOnTheWire(active.Min(a => a.FinishesAt) - now);
                error = RequestError.TooManyRequests($"Too many requests: {active.Count} live response sessions are running and the limit is {_options.MaxConcurrentSessions}.", wait);
                return false;
            }

            action = new LiveResponseAction(Guid.NewGuid().ToString(), device, requestor, request.Comment, now, _options.PendingDuration, _planner.Plan(request, device));
            _actions.Add(action);
            return true;
        }
    }

    /// <summary>What the service answers when the device's group does not let live response start, or null.</summary>
    private static RequestError? DeviceGroupRefusal(EmulatedDeviceGroup group)
    {
        if (!group.LiveResponseEnabled)
        {
            // common-errors.md: DisabledFeature (403) is a tenant feature that is not enabled; the text is the emulator's own.
            return RequestError.Forbidden("DisabledFeature", $"Live response is not enabled for the devices of group '{group.Name}': turn it on in Settings > Endpoints > Advanced features.");
        }

        // Code and text as microsoft-365-docs issue 6054 reports them; the status is common-errors.md's for DisallowedOperation.
        return group.AllowsLiveResponseSessions
            ? null
            : RequestError.Forbidden("DisallowedOperation", "This device has no automation level assigned to it. You'll need to at least enable the minimum Remediation Level for a given Device Group.");
    }

    private static EmulatedMachineAction Describe(LiveResponseAction action, ActionSnapshot snapshot) => new(
        action.Id,
        action.Device.Id,
        snapshot.Status.ToString(),
        action.Requestor,
        action.Comment,
        action.Created,
        snapshot.LastUpdate,
        [.. snapshot.Commands.Select((c, i) => new EmulatedCommandState(i, action.Commands[i].Request.Type.ToString(), c.Status.ToString(), c.Errors))]);
}
