using System.Globalization;
using System.Net;
using Mde.Bindings.Downloads;
using Mde.Bindings.Http;
using Mde.Bindings.Protocol;
using Mde.Bindings.Throttling;
using Mde.Bindings.Transcripts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace Mde.Bindings.LiveResponse;

/// <summary>
/// The whole live response job: start commands on a device, follow the machine action until it ends, and download
/// each command's result at once. Every call waits for the operation's rate limits; cancelling a run cancels its
/// machine action on the service.
/// </summary>
/// <example>
/// <code>
/// var client = new LiveResponseClient(apiHttpClient);   // its BaseAddress is the API root, its handlers add the token
/// LiveResponseResult result = await client.RunAsync("device-id", [LiveResponseCommandRequest.RunScript("minidump.ps1")]);
/// Console.WriteLine(result.Commands[0].Transcript!.Output);
/// </code>
/// </example>
public sealed partial class LiveResponseClient
{
    /// <summary>The library upload operation, which the spec cannot describe (multipart/form-data).</summary>
    public static EndpointDescription UploadLibraryFile { get; } = new(
        LiveResponseApiDescription.ApiName,
        "UploadLibraryFile",
        "POST",
        "/api/libraryfiles",
        ["Library.Manage"],
        ["Library.Manage"],
        [new RateLimitWindow(100, TimeSpan.FromMinutes(1)), new RateLimitWindow(1500, TimeSpan.FromHours(1))]);

    /// <summary>The largest library file the upload operation takes (20 MB).</summary>
    public const long MaxLibraryFileBytes = 20L * 1024 * 1024;

    private readonly ILiveResponseApi _api;
    private readonly HttpClient _http;
    private readonly IRateLimiterProvider _limiters;
    private readonly LinkDownloader _downloader;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a client.</summary>
    /// <param name="apiClient">The API's HTTP client: its BaseAddress is the API root and its handlers add the bearer token (see <see cref="MdeHttpPipeline"/>).</param>
    /// <param name="limiters">The rate limiters; a provider of this client's own when null (share one across clients of one app).</param>
    /// <param name="downloader">Downloads results; <see cref="LinkDownloader.Shared"/> when null.</param>
    /// <param name="timeProvider">The clock polling waits on.</param>
    /// <param name="logger">Where the run is logged.</param>
    public LiveResponseClient(HttpClient apiClient, IRateLimiterProvider? limiters = null, LinkDownloader? downloader = null, TimeProvider? timeProvider = null, ILogger<LiveResponseClient>? logger = null)
    {
        _http = apiClient ?? throw new ArgumentNullException(nameof(apiClient));
        if (apiClient.BaseAddress is null)
        {
            throw new ArgumentException("The API HttpClient has no BaseAddress: set it to the API root, such as https://api.security.microsoft.com.", nameof(apiClient));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _limiters = limiters ?? new ExactRateLimiterProvider(ExactRateLimiterProvider.DefaultPartitionOwner, ExactRateLimiterProvider.DefaultPartitionOwner, new ExactRateLimiterProviderOptions { TimeProvider = _timeProvider });
        _downloader = downloader ?? LinkDownloader.Shared;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _api = new ThrottledLiveResponseApi(new LiveResponseApiClient(apiClient, null, _timeProvider), _limiters);
    }

    /// <summary>Runs <paramref name="commands"/> on one device and returns each command's result once the action ends.</summary>
    /// <exception cref="ArgumentException">The commands are empty, out of the required order, or hold arguments the service cannot take.</exception>
    /// <exception cref="ActiveRequestAlreadyExistsException">The device already runs an action (and the options do not say to cancel it).</exception>
    /// <exception cref="LiveResponseFailedException">A command failed.</exception>
    /// <exception cref="LiveResponseTimedOutException">The action timed out on the service.</exception>
    /// <exception cref="LiveResponseCancelledException">Someone else cancelled the action.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the action was cancelled on the service too.</exception>
    public async Task<LiveResponseResult> RunAsync(string machineId, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineId);
        ValidateCommands(commands);
        options ??= LiveResponseRunOptions.Default;
        options.Validate();

        string actionId = await StartAsync(machineId, commands, options, cancellationToken).ConfigureAwait(false);
        LiveResponseClientLog.RunStarted(_logger, machineId, actionId, commands.Count);
        MachineAction action = await PollUntilFinalAsync(machineId, actionId, options, cancelOnService: true, cancellationToken).ConfigureAwait(false);
        LiveResponseResult result = await CollectResultsAsync(action, commands, options, cancellationToken).ConfigureAwait(false);
        LiveResponseClientLog.RunEnded(_logger, actionId, machineId, result.State);
        return result.State switch
        {
            MachineActionState.Succeeded => result,
            MachineActionState.Failed => throw new LiveResponseFailedException(result),
            MachineActionState.TimeOut => throw new LiveResponseTimedOutException(result),
            MachineActionState.Cancelled => throw new LiveResponseCancelledException(result, action.CancellationRequestor, action.CancellationComment),
            _ => throw new LiveResponseException($"Live response action {actionId} on device {machineId} ended in a state this version does not know ('{action.Status}').", machineId, actionId, result),
        };
    }

    /// <summary>
    /// Runs the same commands on many devices, at most <see cref="LiveResponseRunOptions.MaxConcurrency"/> at once, and
    /// reports every device's result or error in the order of <paramref name="machineIds"/>: nothing is dropped.
    /// </summary>
    public async Task<IReadOnlyList<MachineRunOutcome>> RunManyAsync(IEnumerable<string> machineIds, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machineIds);
        List<string> ids = machineIds.ToList();
        if (ids.Count == 0 || ids.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("List at least one device, and no empty device id.", nameof(machineIds));
        }

        if (ids.Distinct(StringComparer.OrdinalIgnoreCase).Count() != ids.Count)
        {
            throw new ArgumentException("A device is listed twice: the service runs one live response action per device at a time.", nameof(machineIds));
        }

        ValidateCommands(commands);
        options ??= LiveResponseRunOptions.Default;
        options.Validate();

        var outcomes = new MachineRunOutcome[ids.Count];
        using var gate = new SemaphoreSlim(options.MaxConcurrency);
        IEnumerable<Task> runs = ids.Select(async (machineId, i) =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                LiveResponseRunOptions perDevice = options.OutputDirectory is null ? options : options with { OutputDirectory = Path.Combine(options.OutputDirectory, SafeFileName(machineId)) };
                outcomes[i] = new MachineRunOutcome(machineId, await RunAsync(machineId, commands, perDevice, cancellationToken).ConfigureAwait(false), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                outcomes[i] = new MachineRunOutcome(machineId, (ex as LiveResponseException)?.Result, ex);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(runs).ConfigureAwait(false);
        return outcomes;
    }

    /// <summary>The state of a machine action and its commands, without downloading anything.</summary>
    public async Task<LiveResponseResult> GetStatusAsync(string machineActionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineActionId);
        MachineAction action = await _api.GetMachineActionAsync(machineActionId, cancellationToken).ConfigureAwait(false);
        return Snapshot(action);
    }

    /// <summary>Cancels a machine action that has not ended, and returns its state afterwards.</summary>
    public async Task<LiveResponseResult> CancelAsync(string machineActionId, string comment, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineActionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(comment);
        MachineAction action = await _api.CancelMachineActionAsync(machineActionId, new CancelMachineActionRequest { Comment = comment }, cancellationToken).ConfigureAwait(false);
        return Snapshot(action);
    }

    /// <summary>Downloads and reads the transcript of a RunScript command's result at once.</summary>
    public Task<ScriptTranscript> ReadTranscriptAsync(string machineActionId, int commandIndex, TranscriptReaderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineActionId);
        ArgumentOutOfRangeException.ThrowIfNegative(commandIndex);
        return _downloader.ReadTranscriptAsync(ct => _api.GetLiveResponseResultDownloadLinkAsync(machineActionId, commandIndex, ct), options, cancellationToken);
    }

    /// <summary>Downloads a command's result at once into <paramref name="path"/>, atomically; returns the bytes written.</summary>
    public Task<long> SaveResultAsync(string machineActionId, int commandIndex, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineActionId);
        ArgumentOutOfRangeException.ThrowIfNegative(commandIndex);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return _downloader.SaveToFileAsync(ct => _api.GetLiveResponseResultDownloadLinkAsync(machineActionId, commandIndex, ct), path, cancellationToken);
    }

    private static void ValidateCommands(IReadOnlyList<LiveResponseCommandRequest> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count == 0)
        {
            throw new ArgumentException("List at least one command.", nameof(commands));
        }

        for (int i = 1; i < commands.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(commands[i], nameof(commands));
            if (commands[i].OrderRank < commands[i - 1].OrderRank)
            {
                throw new ArgumentException(
                    $"Command #{i} ({commands[i].Type}) comes after #{i - 1} ({commands[i - 1].Type}): the service runs PutFile commands first, then RunScript, then GetFile. Reorder the commands.",
                    nameof(commands));
            }
        }
    }

    private async Task<string> StartAsync(string machineId, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, CancellationToken cancellationToken)
    {
        var request = new RunLiveResponseRequest
        {
            Commands = commands.Select(c => new LiveResponseCommand
            {
                Type = new LiveResponseCommandType(c.Type),
                Params = c.Parameters.Select(p => new LiveResponseCommandParam { Key = p.Key, Value = p.Value }).ToArray(),
            }).ToArray(),
            Comment = options.Comment,
        };

        try
        {
            return (await _api.RunLiveResponseAsync(machineId, request, cancellationToken).ConfigureAwait(false)).Id;
        }
        catch (ApiException error) when (IsActiveRequest(error))
        {
            string? active = await FindActiveActionAsync(machineId, cancellationToken).ConfigureAwait(false);
            if (!options.CancelActiveAction || active is null)
            {
                throw new ActiveRequestAlreadyExistsException(machineId, active, error);
            }

            LiveResponseClientLog.CancellingActiveAction(_logger, machineId, active);
            await CancelQuietlyAsync(active, "Replaced by a new live response run (Mde.Bindings)", cancellationToken).ConfigureAwait(false);
            await PollUntilFinalAsync(machineId, active, options, cancelOnService: false, cancellationToken).ConfigureAwait(false);
            try
            {
                return (await _api.RunLiveResponseAsync(machineId, request, cancellationToken).ConfigureAwait(false)).Id;
            }
            catch (ApiException again) when (IsActiveRequest(again))
            {
                throw new ActiveRequestAlreadyExistsException(machineId, await FindActiveActionAsync(machineId, cancellationToken).ConfigureAwait(false), again);
            }
        }
    }

    private static bool IsActiveRequest(ApiException error) =>
        error.StatusCode == HttpStatusCode.BadRequest
        && string.Equals(MdeApiError.TryRead(error)?.Code, "ActiveRequestAlreadyExists", StringComparison.OrdinalIgnoreCase);

    /// <summary>The newest live response action of the device that has not ended, if the service lists one.</summary>
    private async Task<string?> FindActiveActionAsync(string machineId, CancellationToken cancellationToken)
    {
        string filter = "machineId eq '" + machineId.Replace("'", "''", StringComparison.Ordinal) + "'";
        IReadOnlyList<MachineAction> actions = await _api.ListMachineActionsAsync(filter, 100, null, cancellationToken).ConfigureAwait(false);
        return actions
            .Where(a => a.Type == MachineActionType.LiveResponse && !IsFinal(Map(a.Status)))
            .OrderByDescending(a => a.CreationDateTimeUtc ?? DateTimeOffset.MinValue)
            .Select(a => a.Id)
            .FirstOrDefault();
    }

    private async Task<MachineAction> PollUntilFinalAsync(string machineId, string actionId, LiveResponseRunOptions options, bool cancelOnService, CancellationToken cancellationToken)
    {
        TimeSpan delay = options.PollInterval;
        MachineActionState? last = null;
        try
        {
            while (true)
            {
                MachineAction action = await _api.GetMachineActionAsync(actionId, cancellationToken).ConfigureAwait(false);
                MachineActionState state = Map(action.Status);
                if (state != last)
                {
                    LiveResponseClientLog.StateSeen(_logger, actionId, state);
                    last = state;
                }

                options.Progress?.Report(new LiveResponseProgress(machineId, actionId, state, (action.Commands ?? []).Select(c => c.CommandStatus.ToString()).ToArray()));
                if (IsFinal(state))
                {
                    return action;
                }

                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(options.MaxPollInterval.Ticks, (long)(delay.Ticks * options.PollBackoff)));
            }
        }
        catch (OperationCanceledException) when (cancelOnService && cancellationToken.IsCancellationRequested)
        {
            LiveResponseClientLog.CancellingOnService(_logger, actionId);
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30), _timeProvider);
            await CancelQuietlyAsync(actionId, options.CancellationComment, bounded.Token).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Cancels an action; a failure (it already ended, the service is unreachable) is logged, not thrown.</summary>
    private async Task CancelQuietlyAsync(string actionId, string comment, CancellationToken cancellationToken)
    {
        try
        {
            await _api.CancelMachineActionAsync(actionId, new CancelMachineActionRequest { Comment = comment }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or OperationCanceledException or RateLimitRejectedException)
        {
            LiveResponseClientLog.CancelFailed(_logger, actionId, ex is ApiException api ? ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture) : ex.GetType().Name);
        }
    }

    private async Task<LiveResponseResult> CollectResultsAsync(MachineAction action, IReadOnlyList<LiveResponseCommandRequest> requested, LiveResponseRunOptions options, CancellationToken cancellationToken)
    {
        var results = new List<CommandResult>();
        IReadOnlyList<MachineActionCommand> reported = action.Commands ?? [];
        for (int index = 0; index < requested.Count; index++)
        {
            MachineActionCommand? status = reported.FirstOrDefault(c => c.Index == index);
            LiveResponseCommandRequest command = requested[index];
            string commandStatus = status?.CommandStatus.ToString() ?? "Unknown";
            IReadOnlyList<string> errors = status?.Errors ?? [];
            bool completed = string.Equals(commandStatus, "Completed", StringComparison.OrdinalIgnoreCase);
            (ScriptTranscript? transcript, string? path) = completed && command.HasResult
                ? await DownloadResultAsync(action.Id, index, command, options, cancellationToken).ConfigureAwait(false)
                : (null, null);
            results.Add(new CommandResult(index, command, commandStatus, errors, transcript, path));
        }

        return new LiveResponseResult(action.MachineId ?? string.Empty, action.Id, Map(action.Status), results);
    }

    private async Task<(ScriptTranscript? Transcript, string? Path)> DownloadResultAsync(string actionId, int index, LiveResponseCommandRequest command, LiveResponseRunOptions options, CancellationToken cancellationToken)
    {
        Task<DownloadLink<LiveResponseTranscript>> GetLink(CancellationToken ct) => _api.GetLiveResponseResultDownloadLinkAsync(actionId, index, ct);

        if (command.Type == "RunScript" && options.OutputDirectory is null)
        {
            return (await _downloader.ReadTranscriptAsync(GetLink, options.TranscriptOptions, cancellationToken).ConfigureAwait(false), null);
        }

        string directory = options.OutputDirectory ?? Path.Combine(Path.GetTempPath(), "mde-lr", SafeFileName(actionId));
        Directory.CreateDirectory(directory);
        string name = command.Type == "RunScript"
            ? $"{index:00}-{SafeFileName(command["ScriptName"] ?? "script")}.transcript.json"
            : $"{index:00}-{SafeFileName(Path.GetFileName((command["Path"] ?? "file").Replace('\\', '/')))}";
        string path = Path.Combine(directory, name);
        long bytes = await _downloader.SaveToFileAsync(GetLink, path, cancellationToken).ConfigureAwait(false);
        LiveResponseClientLog.ResultSaved(_logger, index, actionId, path, bytes);
        if (command.Type != "RunScript")
        {
            return (null, path);
        }

        try
        {
            await using FileStream saved = File.OpenRead(path);
            return (await TranscriptReader.ReadAsync(saved, options.TranscriptOptions, cancellationToken).ConfigureAwait(false), path);
        }
        catch (TranscriptTooLargeException)
        {
            LiveResponseClientLog.TranscriptTooLarge(_logger, index, actionId, path);
            return (null, path);
        }
    }

    private static LiveResponseResult Snapshot(MachineAction action)
    {
        IEnumerable<CommandResult> commands = (action.Commands ?? []).OrderBy(c => c.Index).Select(c => new CommandResult(
            c.Index,
            LiveResponseCommandRequest.FromService(c.Command.Type.ToString(), c.Command.Params.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))),
            c.CommandStatus.ToString(),
            c.Errors ?? [],
            null,
            null));
        return new LiveResponseResult(action.MachineId ?? string.Empty, action.Id, Map(action.Status), commands.ToArray());
    }

    internal static MachineActionState Map(MachineActionStatus status) =>
        Enum.TryParse(status.ToString(), ignoreCase: true, out MachineActionState state) && state != MachineActionState.Unknown ? state : MachineActionState.Unknown;

    internal static bool IsFinal(MachineActionState state) =>
        state is MachineActionState.Succeeded or MachineActionState.Failed or MachineActionState.TimeOut or MachineActionState.Cancelled;

    /// <summary>A name safe for a file or folder on every platform.</summary>
    internal static string SafeFileName(string name)
    {
        char[] invalid = [.. Path.GetInvalidFileNameChars(), '/', '\\', ':', '*', '?', '"', '<', '>', '|'];
        string safe = new(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray());
        return safe.Trim('.', ' ') is { Length: > 0 } trimmed ? trimmed : "_";
    }
}
