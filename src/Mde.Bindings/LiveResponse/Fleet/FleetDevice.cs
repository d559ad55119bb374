namespace Mde.Bindings.LiveResponse;

/// <summary>
/// One device of a multi-device run and how far it got before: nothing for a new run; for a resumed job, what its
/// journal recorded (the run requested, the action's id, the results saved, the end).
/// </summary>
internal sealed class FleetDevice(int index, string machineId)
{
    /// <summary>The device's position in the run (its results are reported in that order).</summary>
    public int Index { get; } = index;

    public string MachineId { get; } = machineId;

    /// <summary>The token a job appends to the run's comment; null for a run without a journal.</summary>
    public string? RunToken { get; init; }

    /// <summary>Whether the journal already holds the device's DeviceQueued event.</summary>
    public bool Queued { get; set; }

    /// <summary>When a run was requested whose action id was not recorded: the action is looked for before running again.</summary>
    public DateTimeOffset? RequestedAt { get; set; }

    /// <summary>The device's machine action, once known.</summary>
    public string? ActionId { get; set; }

    /// <summary>Results already saved, by command index.</summary>
    public Dictionary<int, string> Saved { get; } = [];

    /// <summary>How the device ended, when it did.</summary>
    public LiveResponseJobEvent.DeviceFinished? Finished { get; set; }

    /// <summary>Applies one journal event of this device.</summary>
    public void Apply(LiveResponseJobEvent jobEvent)
    {
        switch (jobEvent)
        {
            case LiveResponseJobEvent.DeviceQueued:
                Queued = true;
                break;
            case LiveResponseJobEvent.RunRequested requested:
                // A new request means the one before it found no action (or none was recorded): this one counts.
                RequestedAt = requested.RequestedAt;
                ActionId = null;
                break;
            case LiveResponseJobEvent.ActionRecorded recorded:
                ActionId = recorded.MachineActionId;
                break;
            case LiveResponseJobEvent.ResultSaved saved:
                Saved[saved.CommandIndex] = saved.Path;
                break;
            case LiveResponseJobEvent.DeviceFinished finished:
                Finished = finished;
                break;
        }
    }
}
