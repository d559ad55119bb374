using Mde.Bindings.Transcripts;

namespace Mde.Bindings.LiveResponse;

/// <summary>How a live response run is carried out and where its results go.</summary>
public sealed record LiveResponseRunOptions
{
    /// <summary>The options every run uses unless given others.</summary>
    public static LiveResponseRunOptions Default { get; } = new();

    /// <summary>The comment attached to the machine action.</summary>
    public string Comment { get; init; } = "Mde.Bindings live response";

    /// <summary>
    /// A folder for the results: each command's result file is written there atomically (runs over several devices
    /// use one sub-folder per device). Null keeps transcripts in memory and saves collected files to a temporary folder.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>
    /// Keep each GetFile result as the gzip the service stores it as, saved as <c>&lt;name&gt;.gz</c>. Default
    /// <see langword="false"/>: the result is decompressed and saved under the collected file's own name, holding its
    /// own bytes (a body that is not gzip is saved as served). A corrupt or cut-short gzip is reported as not collected.
    /// </summary>
    public bool KeepGzip { get; init; }

    /// <summary>When the device already runs an action, cancel it and start this run (once) instead of failing.</summary>
    public bool CancelActiveAction { get; init; }

    /// <summary>The first wait between two status polls.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two status polls: polls back off up to it.</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How much longer each wait is than the one before.</summary>
    public double PollBackoff { get; init; } = 1.5;

    /// <summary>
    /// How long a run may wait for its action to end before the action is cancelled on the service and the run ends
    /// with <see cref="LiveResponseTimedOutException"/>: the service queues an action for an offline device up to two
    /// hours, and scripts may run up to 30 minutes.
    /// </summary>
    public TimeSpan MaxRunDuration { get; init; } = TimeSpan.FromHours(3);

    /// <summary>
    /// How many more times an action that reads Succeeded is read, <see cref="PollInterval"/> apart, while one of its
    /// commands has not yet reached Completed: the service's action status can run ahead of its command statuses.
    /// A command still not Completed after these reads is reported with <see cref="CommandResultStatus.NotCollected"/>.
    /// </summary>
    public int CommandStatusRereads { get; init; } = 5;

    /// <summary>The service's limit on live response sessions in flight at once in a tenant (mde-live-response-api reference: 25, raised to 50).</summary>
    public const int MaxSessions = 50;

    /// <summary>
    /// How many actions a multi-device run keeps in flight at once, at most <see cref="MaxSessions"/> (the default).
    /// Runs start no faster than the RunLiveResponse limit (10 a minute) in any case.
    /// </summary>
    public int MaxConcurrency { get; init; } = MaxSessions;

    /// <summary>
    /// How often a multi-device run lists its actions in flight while no device waits for a session (default 15 s).
    /// While one waits, it lists them as often as ListMachineActions' budget allows spent evenly (every 2.4 s), so that
    /// a finished action frees its session within seconds; the slower pace otherwise keeps calls per device low. A value
    /// below 2.4 s is the pace in both cases (the rate limiter still keeps the calls within the service's limits).
    /// </summary>
    public TimeSpan FleetPollInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Receives the state of each device's action: once as soon as the service gave the action its id, then as polling sees it; a multi-device run also reports each device once it is done (with <see cref="LiveResponseProgress.Error"/> when it failed).</summary>
    internal IProgress<LiveResponseProgress>? Progress { get; init; }

    /// <summary>How transcripts are read (the in-memory cap, the buffer size).</summary>
    public TranscriptReaderOptions TranscriptOptions { get; init; } = TranscriptReaderOptions.Default;

    /// <summary>The comment given when a run cancelled through its token cancels its machine action.</summary>
    public string CancellationComment { get; init; } = "Cancelled by the caller (Mde.Bindings)";

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPollInterval, PollInterval, nameof(MaxPollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(PollBackoff, 1.0, nameof(PollBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrency, 1, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxConcurrency, MaxSessions, nameof(MaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(FleetPollInterval, TimeSpan.Zero, nameof(FleetPollInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(CommandStatusRereads, nameof(CommandStatusRereads));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxRunDuration, TimeSpan.Zero, nameof(MaxRunDuration));
        ArgumentException.ThrowIfNullOrWhiteSpace(Comment, nameof(Comment));
    }
}
