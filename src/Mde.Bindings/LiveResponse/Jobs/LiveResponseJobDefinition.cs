using System.Globalization;
using System.Security.Cryptography;

namespace Mde.Bindings.LiveResponse;

/// <summary>
/// What a fleet job runs, fixed when it is created: the devices in order, the commands, and the run options a resumed
/// job must keep (where results go, the comment, how GetFile results are kept, whether a busy device's action is cancelled).
/// </summary>
internal sealed record LiveResponseJobDefinition
{
    /// <summary>The journal format this version writes and reads; a journal with a higher one is refused.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The journal format the definition was written in.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The job's id: random, and part of every run's comment so that a resumed job finds the actions it started.</summary>
    public required string JobId { get; init; }

    /// <summary>When the job was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The devices, in the order results are reported.</summary>
    public required IReadOnlyList<string> MachineIds { get; init; }

    /// <summary>The commands run on every device.</summary>
    public required IReadOnlyList<LiveResponseJobCommand> Commands { get; init; }

    /// <summary>The folder results are written to, one sub-folder per device.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The comment of each run (the job and device token are appended to it).</summary>
    public string Comment { get; init; } = LiveResponseRunOptions.Default.Comment;

    /// <summary>See <see cref="LiveResponseRunOptions.KeepGzip"/>.</summary>
    public bool KeepGzip { get; init; }

    /// <summary>See <see cref="LiveResponseRunOptions.CancelActiveAction"/>.</summary>
    public bool CancelActiveAction { get; init; }

    /// <summary>
    /// A new job over <paramref name="machineIds"/>: results go to <see cref="LiveResponseRunOptions.OutputDirectory"/>
    /// of <paramref name="options"/> (required: a job keeps its results on disk so that a resumed job still has them).
    /// </summary>
    /// <exception cref="ArgumentException">No device, a device twice, no command, commands out of order, or no output folder.</exception>
    public static LiveResponseJobDefinition Create(IEnumerable<string> machineIds, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> devices = LiveResponseClient.CheckDevices(machineIds);
        LiveResponseClient.ValidateCommands(commands);
        options.Validate();
        if (string.IsNullOrWhiteSpace(options.OutputDirectory))
        {
            throw new ArgumentException("A job writes its results to a folder so that a resumed job still has them: set OutputDirectory.", nameof(options));
        }

        return new LiveResponseJobDefinition
        {
            JobId = Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant(),
            CreatedAt = (timeProvider ?? TimeProvider.System).GetUtcNow(),
            MachineIds = devices,
            Commands = commands.Select(LiveResponseJobCommand.From).ToArray(),
            OutputDirectory = Path.GetFullPath(options.OutputDirectory),
            Comment = options.Comment,
            KeepGzip = options.KeepGzip,
            CancelActiveAction = options.CancelActiveAction,
        };
    }

    /// <summary>
    /// The token that marks the run of the device at <paramref name="deviceIndex"/> in its comment: a resumed job finds
    /// an action it requested but did not record by it (the service cannot filter on comments, so it is matched here).
    /// </summary>
    public string RunToken(int deviceIndex) => "[mde-job " + JobId + "/" + (deviceIndex + 1).ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>Checks what a store gave back before a job runs on it.</summary>
    /// <exception cref="LiveResponseJobFormatException">A newer format, or a definition that is damaged.</exception>
    internal void EnsureReadable()
    {
        if (FormatVersion > CurrentFormatVersion)
        {
            throw new LiveResponseJobFormatException($"The job journal has format {FormatVersion}; this version reads format {CurrentFormatVersion} and older. Resume it with a newer version.");
        }

        if (FormatVersion < 1 || string.IsNullOrWhiteSpace(JobId) || MachineIds is null || MachineIds.Count == 0 || MachineIds.Any(string.IsNullOrWhiteSpace)
            || Commands is null || Commands.Count == 0 || string.IsNullOrWhiteSpace(OutputDirectory) || string.IsNullOrWhiteSpace(Comment))
        {
            throw new LiveResponseJobFormatException("The job journal's definition is incomplete (job id, devices, commands, output folder and comment are required): the journal is damaged; start a new job.");
        }

        foreach (LiveResponseJobCommand command in Commands)
        {
            _ = (command ?? throw new LiveResponseJobFormatException("The job journal holds an empty command: the journal is damaged; start a new job.")).ToRequest();
        }
    }
}
