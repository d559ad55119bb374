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
    /// <summary>
    /// The library upload operation (the spec's UploadLibraryFile): its route, permissions and rate limits. The client's
    /// preflight and throttling and the emulator's route, permission check and limits all use it.
    /// </summary>
    public static EndpointDescription UploadLibraryFile => LiveResponseApiDescription.UploadLibraryFile;

    /// <summary>The largest library file the upload operation takes (20 MB); the emulator refuses larger ones alike.</summary>
    public const long MaxLibraryFileBytes = 20L * 1024 * 1024;

    // How long cleanup on the service (finding and cancelling an action) may take once the caller's token is cancelled.
    private static readonly TimeSpan s_cleanupLimit = TimeSpan.FromSeconds(30);

    private readonly ILiveResponseApi _api;
    private readonly LiveResponseApiClient _client;
    private readonly bool _throttle;
    private readonly IRateLimiterProvider _limiters;
    private readonly LinkDownloader _downloader;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a client.</summary>
    /// <param name="apiClient">The API's HTTP client: its BaseAddress is the API root and its handlers add the bearer token (see <see cref="MdeHttpPipeline"/>).</param>
    /// <param name="limiters">The rate limiters; <see cref="ExactRateLimiterProvider.Shared"/> when null (the pipeline's default too), or a provider on <paramref name="timeProvider"/> when a clock is given.</param>
    /// <param name="downloader">Downloads results; <see cref="LinkDownloader.Shared"/> when null.</param>
    /// <param name="timeProvider">The clock polling waits on.</param>
    /// <param name="logger">Where the run is logged.</param>
    public LiveResponseClient(HttpClient apiClient, IRateLimiterProvider? limiters = null, LinkDownloader? downloader = null, TimeProvider? timeProvider = null, ILogger<LiveResponseClient>? logger = null)
        : this(apiClient, limiters, downloader, timeProvider, logger, refitSettings: null, throttle: true)
    {
    }

    /// <summary>Creates a client with the registered API's Refit settings and throttling switch (dependency injection).</summary>
    internal LiveResponseClient(HttpClient apiClient, IRateLimiterProvider? limiters, LinkDownloader? downloader, TimeProvider? timeProvider, ILogger<LiveResponseClient>? logger, Refit.RefitSettings? refitSettings, bool throttle)
    {
        ArgumentNullException.ThrowIfNull(apiClient);
        if (apiClient.BaseAddress is null)
        {
            throw new ArgumentException("The API HttpClient has no BaseAddress: set it to the API root, such as https://api.security.microsoft.com.", nameof(apiClient));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
        _limiters = limiters ?? (timeProvider is null
            ? ExactRateLimiterProvider.Shared
            : RateLimiterProviders.ForCredentials(credentials: null, timeProvider));
        _downloader = downloader ?? LinkDownloader.Shared;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _client = new LiveResponseApiClient(apiClient, refitSettings, _timeProvider);
        _throttle = throttle;
        _api = throttle ? new ThrottledLiveResponseApi(_client, _limiters) : _client;
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
        options ??= LiveResponseRunOptions.Default;
        string actionId = (await BeginAsync(machineId, commands, options, cancellationToken).ConfigureAwait(false)).Id;
        (MachineAction action, bool gaveUp) = await PollUntilFinalAsync(machineId, actionId, options, cancelOnService: true, cancellationToken).ConfigureAwait(false);
        if (gaveUp)
        {
            // The run waited its longest and cancelled the action: the commands that completed before still count.
            LiveResponseResult partial = await CollectResultsAsync(machineId, action, commands, options, cancellationToken).ConfigureAwait(false);
            throw new LiveResponseTimedOutException(partial, options.MaxRunDuration);
        }

        action = await RereadUntilCommandsEndAsync(action, options, cancellationToken).ConfigureAwait(false);
        LiveResponseResult result = await CollectResultsAsync(machineId, action, commands, options, cancellationToken).ConfigureAwait(false);
        LiveResponseClientLog.RunEnded(_logger, actionId, machineId, result.State);
        return FailureOf(result, action) is { } failure ? throw failure : result;
    }

    /// <summary>The typed error of an action that did not succeed, or null when it did.</summary>
    private static LiveResponseException? FailureOf(LiveResponseResult result, MachineAction action) => result.State switch
    {
        MachineActionState.Succeeded => null,
        MachineActionState.Failed => new LiveResponseFailedException(result),
        MachineActionState.TimeOut => new LiveResponseTimedOutException(result),
        MachineActionState.Cancelled => new LiveResponseCancelledException(result, action.CancellationRequestor, action.CancellationComment),
        _ => new LiveResponseException($"Live response action {action.Id} on device {result.MachineId} ended in a state this version does not know ('{action.Status}').", result.MachineId, action.Id, result),
    };

    /// <summary>
    /// Starts <paramref name="commands"/> on one device and returns the machine action's id at once, without waiting
    /// for it: follow it with <see cref="GetStatusAsync"/>, <see cref="ReadTranscriptAsync"/> or <see cref="CancelAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The commands are empty, out of the required order, or hold arguments the service cannot take.</exception>
    /// <exception cref="ActiveRequestAlreadyExistsException">The device already runs an action (and the options do not say to cancel it).</exception>
    public async Task<string> StartRunAsync(string machineId, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= LiveResponseRunOptions.Default;
        return (await BeginAsync(machineId, commands, options, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>Checks the request, starts the action and tells the log and the progress sink its id: the common start of a run.</summary>
    private async Task<MachineAction> BeginAsync(string machineId, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(machineId);
        ValidateCommands(commands);
        options.Validate();

        MachineAction started = await StartAsync(machineId, commands, options, cancellationToken).ConfigureAwait(false);
        LiveResponseClientLog.RunStarted(_logger, machineId, started.Id, commands.Count);
        ReportStarted(machineId, started, options);
        return started;
    }

    /// <summary>
    /// Runs the same commands on many devices and reports every device's result or error in the order of
    /// <paramref name="machineIds"/>: nothing is dropped. Runs start as fast as the RunLiveResponse limit allows (10 a
    /// minute) with at most <see cref="LiveResponseRunOptions.MaxConcurrency"/> actions in flight; one poller follows
    /// them all with a few ListMachineActions calls; a device the service refuses (busy, unknown) fails for itself.
    /// Cancelling cancels the actions in flight on the service.
    /// </summary>
    public async Task<IReadOnlyList<MachineRunOutcome>> RunManyAsync(IEnumerable<string> machineIds, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        List<string> ids = CheckDevices(machineIds);
        ValidateCommands(commands);
        options ??= LiveResponseRunOptions.Default;
        options.Validate();
        return await RunFleetAsync(ids.Select((id, i) => new FleetDevice(i, id)).ToArray(), commands, options, record: null, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The devices of a multi-device run, checked: at least one, none empty, none twice.</summary>
    internal static List<string> CheckDevices(IEnumerable<string> machineIds)
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

        return ids;
    }

    internal static void ValidateCommands(IReadOnlyList<LiveResponseCommandRequest> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        if (commands.Count == 0)
        {
            throw new ArgumentException("List at least one command.", nameof(commands));
        }

        for (int i = 0; i < commands.Count; i++)
        {
            if (commands[i] is null)
            {
                throw new ArgumentException($"Command #{i} is null.", nameof(commands));
            }

            if (i > 0 && commands[i].OrderRank < commands[i - 1].OrderRank)
            {
                throw new ArgumentException(
                    $"Command #{i} ({commands[i].Type}) comes after #{i - 1} ({commands[i - 1].Type}): the service runs PutFile commands first, then RunScript, then GetFile. Reorder the commands.",
                    nameof(commands));
            }
        }
    }

    /// <summary>Tells the progress callback the action's id as soon as the service gave it, before the first poll.</summary>
    private static void ReportStarted(string machineId, MachineAction started, LiveResponseRunOptions options) =>
        options.Progress?.Report(new LiveResponseProgress(machineId, started.Id, Map(started.Status), (started.Commands ?? []).Select(c => c.CommandStatus.ToString()).ToArray()));

    private async Task<MachineAction> StartAsync(string machineId, IReadOnlyList<LiveResponseCommandRequest> commands, LiveResponseRunOptions options, CancellationToken cancellationToken)
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

        DateTimeOffset startedAt = _timeProvider.GetUtcNow();
        try
        {
            return await _api.RunLiveResponseAsync(machineId, request, cancellationToken).ConfigureAwait(false);
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
            if ((await PollUntilFinalAsync(machineId, active, options, cancelOnService: false, cancellationToken).ConfigureAwait(false)).GaveUp)
            {
                throw new ActiveRequestAlreadyExistsException(machineId, active, error);
            }

            try
            {
                return await _api.RunLiveResponseAsync(machineId, request, cancellationToken).ConfigureAwait(false);
            }
            catch (ApiException again) when (IsActiveRequest(again))
            {
                throw new ActiveRequestAlreadyExistsException(machineId, await FindActiveActionAsync(machineId, cancellationToken).ConfigureAwait(false), again);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The service may have accepted the run before the caller gave up: cancel the action it started for us
            // (this device, our comment, created since we sent it), so that nothing keeps running unseen.
            using var bounded = new CancellationTokenSource(s_cleanupLimit, _timeProvider);
            string? started = await FindActiveActionAsync(machineId, bounded.Token, options.Comment, startedAt - TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            if (started is not null)
            {
                LiveResponseClientLog.CancellingOnService(_logger, started);
                await CancelQuietlyAsync(started, options.CancellationComment, bounded.Token).ConfigureAwait(false);
            }

            throw;
        }
    }

    private static bool IsActiveRequest(ApiException error) =>
        error.StatusCode == HttpStatusCode.BadRequest
        && string.Equals(MdeApiError.TryRead(error)?.Code, "ActiveRequestAlreadyExists", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The newest live response action of the device that has not ended (optionally: with this comment, created since
    /// then), if the service lists one. A failed lookup is no answer (null): it must not hide why it was made.
    /// </summary>
    private async Task<string?> FindActiveActionAsync(string machineId, CancellationToken cancellationToken, string? comment = null, DateTimeOffset? createdSince = null)
    {
        string filter = "machineId eq '" + machineId.Replace("'", "''", StringComparison.Ordinal) + "' and type eq 'LiveResponse' and (status eq 'Pending' or status eq 'InProgress')";
        try
        {
            IReadOnlyList<MachineAction> actions = await _api.ListMachineActionsAsync(filter, 100, null, cancellationToken).ConfigureAwait(false);
            return actions
                .Where(a => a.Type == MachineActionType.LiveResponse && !MachineActionStates.IsFinal(Map(a.Status)))
                .Where(a => comment is null || a.RequestorComment == comment)
                .Where(a => createdSince is null || a.CreationDateTimeUtc is null || a.CreationDateTimeUtc >= createdSince)
                .OrderByDescending(a => a.CreationDateTimeUtc ?? DateTimeOffset.MinValue)
                .Select(a => a.Id)
                .FirstOrDefault();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LiveResponseClientLog.LookupFailed(_logger, machineId, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>
    /// Polls the action until it reaches a final state. <c>GaveUp</c> is true when <see cref="LiveResponseRunOptions.MaxRunDuration"/>
    /// passed first: the action was then cancelled on the service and <c>Action</c> is how it stood afterwards.
    /// </summary>
    private async Task<(MachineAction Action, bool GaveUp)> PollUntilFinalAsync(string machineId, string actionId, LiveResponseRunOptions options, bool cancelOnService, CancellationToken cancellationToken)
    {
        TimeSpan delay = options.PollInterval;
        MachineActionState? last = null;
        long started = _timeProvider.GetTimestamp();
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
                if (MachineActionStates.IsFinal(state))
                {
                    return (action, false);
                }

                if (_timeProvider.GetElapsedTime(started) >= options.MaxRunDuration)
                {
                    MachineAction? afterCancel = await CancelOnServiceAsync(actionId, options.CancellationComment).ConfigureAwait(false);
                    return (afterCancel ?? action, true);
                }

                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(options.MaxPollInterval.Ticks, (long)(delay.Ticks * options.PollBackoff)));
            }
        }
        catch (OperationCanceledException) when (cancelOnService && cancellationToken.IsCancellationRequested)
        {
            await CancelOnServiceAsync(actionId, options.CancellationComment).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Cancels an action on the service after the run was given up, logged, within <see cref="s_cleanupLimit"/>.</summary>
    private async Task<MachineAction?> CancelOnServiceAsync(string actionId, string comment)
    {
        LiveResponseClientLog.CancellingOnService(_logger, actionId);
        using var bounded = new CancellationTokenSource(s_cleanupLimit, _timeProvider);
        return await CancelQuietlyAsync(actionId, comment, bounded.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels an action and returns the service's answer: the cancelled action itself, under its own id (elastic/kibana
    /// pull request 236963: a cancel answers with the id of the action it cancels). Any failure (it already ended, the
    /// service is unreachable or slow) is logged, not thrown, and gives null.
    /// </summary>
    private async Task<MachineAction?> CancelQuietlyAsync(string actionId, string comment, CancellationToken cancellationToken)
    {
        try
        {
            return await _api.CancelMachineActionAsync(actionId, new CancelMachineActionRequest { Comment = comment }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LiveResponseClientLog.CancelFailed(_logger, actionId, ex is ApiException api ? ((int)api.StatusCode).ToString(CultureInfo.InvariantCulture) : ex.GetType().Name);
            return null;
        }
    }

    /// <summary>
    /// An action that reads Succeeded while a command has not reached a final status is read again, at most
    /// <see cref="LiveResponseRunOptions.CommandStatusRereads"/> times: the action's status can run ahead of its commands'.
    /// </summary>
    private async Task<MachineAction> RereadUntilCommandsEndAsync(MachineAction action, LiveResponseRunOptions options, CancellationToken cancellationToken)
    {
        for (int read = 0; read < options.CommandStatusRereads && Map(action.Status) == MachineActionState.Succeeded && !AllCommandsEnded(action); read++)
        {
            LiveResponseClientLog.CommandsBehindAction(_logger, action.Id, read + 1);
            await Task.Delay(options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
            action = await _api.GetMachineActionAsync(action.Id, cancellationToken).ConfigureAwait(false);
        }

        return action;
    }

    private static bool AllCommandsEnded(MachineAction action) =>
        (action.Commands ?? []).All(c => c.CommandStatus == CommandStatus.Completed || c.CommandStatus == CommandStatus.Failed);

    /// <summary>
    /// Collects each completed command's result. <paramref name="saved"/> holds results saved before (a resumed job):
    /// they are read back, not downloaded again; <paramref name="onSaved"/> is told each result written to a file.
    /// </summary>
    private async Task<LiveResponseResult> CollectResultsAsync(string machineId, MachineAction action, IReadOnlyList<LiveResponseCommandRequest> requested, LiveResponseRunOptions options, CancellationToken cancellationToken, Dictionary<int, string>? saved = null, Func<int, string, ValueTask>? onSaved = null)
    {
        var results = new List<CommandResult>();
        IReadOnlyList<MachineActionCommand> reported = action.Commands ?? [];
        string? scratch = null;
        try
        {
            for (int index = 0; index < requested.Count; index++)
            {
                MachineActionCommand? status = reported.FirstOrDefault(c => c.Index == index);
                var result = new CommandResult(index, requested[index], status?.CommandStatus.ToString() ?? "Unknown", status?.Errors ?? [], null, null);
                if (result.Completed && result.Command.HasResult)
                {
                    // Whatever the action's final status says (it can read Cancelled although its commands completed:
                    // elastic/kibana pull request 236963), a completed command's result is collected.
                    try
                    {
                        (ScriptTranscript? transcript, string? path) = saved is not null && saved.TryGetValue(index, out string? savedPath) && File.Exists(savedPath)
                            ? await ReadSavedResultAsync(savedPath, result.Command, options, cancellationToken).ConfigureAwait(false)
                            : await DownloadResultAsync(action.Id, index, result.Command, options, () => scratch ??= Directory.CreateTempSubdirectory("mde-bindings-").FullName, cancellationToken).ConfigureAwait(false);
                        if (onSaved is not null && path is not null && (saved is null || !saved.ContainsKey(index)))
                        {
                            await onSaved(index, path).ConfigureAwait(false);
                        }

                        result = new CommandResult(index, result.Command, result.Status, result.Errors, transcript, path);
                    }
                    catch (DownloadFailedException failed)
                    {
                        LiveResponseClientLog.ResultNotCollected(_logger, index, action.Id, failed.GetType().Name);
                        result = new CommandResult(index, result.Command, result.Status, result.Errors, null, null, CommandResultStatus.NotCollected, failed.Message);
                    }
                    catch (ApiException refused) when (refused.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
                    {
                        // The service would not give the result's link (not ready yet, or gone): say so, keep the rest.
                        LiveResponseClientLog.ResultNotCollected(_logger, index, action.Id, ((int)refused.StatusCode).ToString(CultureInfo.InvariantCulture));
                        string why = MdeApiError.TryRead(refused) is { } error ? "the service answered " + error.Describe() : $"the service answered {(int)refused.StatusCode}";
                        result = new CommandResult(index, result.Command, result.Status, result.Errors, null, null, CommandResultStatus.NotCollected, $"The result link of command #{index} was refused: {why}.");
                    }
                }
                else if (!result.Ended && result.Command.HasResult && Map(action.Status) == MachineActionState.Succeeded)
                {
                    result = new CommandResult(
                        index,
                        result.Command,
                        result.Status,
                        result.Errors,
                        null,
                        null,
                        CommandResultStatus.NotCollected,
                        $"The action reported Succeeded but command #{index} still read '{result.Status}' after {options.CommandStatusRereads} more read(s); its result may be ready later (ask for command {index} of action {action.Id} again).");
                }

                results.Add(result);
            }
        }
        finally
        {
            // The files in it are the caller's (their paths are in the result); a folder left empty by a failed download is not.
            DeleteIfEmpty(scratch);
        }

        return new LiveResponseResult(machineId, action.Id, Map(action.Status), results);
    }

    private static void DeleteIfEmpty(string? folder)
    {
        try
        {
            if (folder is not null && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
            // Best effort: an empty folder in the temporary folder is harmless.
        }
    }

    /// <summary>
    /// Downloads one result at once. Without an output folder a transcript stays in memory, and a collected file (or a
    /// transcript above the in-memory cap) goes to a private temporary folder (<paramref name="scratchFolder"/>).
    /// </summary>
    private async Task<(ScriptTranscript? Transcript, string? Path)> DownloadResultAsync(string actionId, int index, LiveResponseCommandRequest command, LiveResponseRunOptions options, Func<string> scratchFolder, CancellationToken cancellationToken)
    {
        Task<DownloadLink<LiveResponseTranscript>> GetLink(CancellationToken ct) => _api.GetLiveResponseResultDownloadLinkAsync(actionId, index, ct);

        bool isScript = command.Type == "RunScript";
        if (isScript && options.OutputDirectory is null)
        {
            try
            {
                return (await _downloader.ReadTranscriptAsync(GetLink, options.TranscriptOptions, cancellationToken).ConfigureAwait(false), null);
            }
            catch (TranscriptTooLargeException)
            {
                // Too large to hold: keep it as a file instead, like a run with an output folder would.
            }
        }

        string directory = options.OutputDirectory ?? scratchFolder();
        Directory.CreateDirectory(directory);
        string name = isScript
            ? $"{index:00}-{SafeFileName(command["ScriptName"] ?? "script")}.transcript.json"
            : $"{index:00}-{SafeFileName(Path.GetFileName((command["Path"] ?? "file").Replace('\\', '/')))}";
        string path = Path.Combine(directory, name);
        if (!isScript)
        {
            // The link is typed as a transcript, so the content kind is said here: a GetFile result is a file that
            // the service stores gzip-compressed (docs/service-behaviour.md).
            try
            {
                path = await SaveFileResultAsync(GetLink, path, options.KeepGzip, cancellationToken).ConfigureAwait(false);
            }
            catch (DownloadFailedException failed)
            {
                throw new DownloadFailedException(
                    $"The GetFile result of command #{index} ({command["Path"]}) of machine action {actionId} was not saved: {failed.Message} No file was written; the result can be fetched again (its link can be asked for again).",
                    failed.RedactedLink,
                    failed.StatusCode,
                    failed);
            }

            LiveResponseClientLog.ResultSaved(_logger, index, actionId, path, new FileInfo(path).Length);
            return (null, path);
        }

        long bytes = await _downloader.SaveToFileAsync(GetLink, path, cancellationToken).ConfigureAwait(false);
        LiveResponseClientLog.ResultSaved(_logger, index, actionId, path, bytes);

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

    /// <summary>A result saved before, read back: a transcript is parsed again, a file is only named.</summary>
    private static async Task<(ScriptTranscript? Transcript, string? Path)> ReadSavedResultAsync(string path, LiveResponseCommandRequest command, LiveResponseRunOptions options, CancellationToken cancellationToken)
    {
        if (command.Type != "RunScript")
        {
            return (null, path);
        }

        try
        {
            await using FileStream file = File.OpenRead(path);
            return (await TranscriptReader.ReadAsync(file, options.TranscriptOptions, cancellationToken).ConfigureAwait(false), path);
        }
        catch (TranscriptTooLargeException)
        {
            return (null, path);
        }
    }

    /// <summary>
    /// Saves a GetFile result: decompressed under <paramref name="path"/>, or, with <paramref name="keepGzip"/>, as
    /// served under <c>path.gz</c> when it is a gzip (under <paramref name="path"/> when it is not). Returns the path written.
    /// </summary>
    private async Task<string> SaveFileResultAsync(Func<CancellationToken, Task<DownloadLink<LiveResponseTranscript>>> getLink, string path, bool keepGzip, CancellationToken cancellationToken)
    {
        if (!keepGzip)
        {
            await _downloader.SaveCoreAsync(getLink, path, singleLink: false, cancellationToken, decompressGzip: true).ConfigureAwait(false);
            return path;
        }

        string gzipPath = path + ".gz";
        await _downloader.SaveCoreAsync(getLink, gzipPath, singleLink: false, cancellationToken, decompressGzip: false).ConfigureAwait(false);
        if (StartsWithGzipSignature(gzipPath))
        {
            return gzipPath;
        }

        // Served without compression: the bytes are the file's own, so they keep its own name.
        File.Move(gzipPath, path, overwrite: true);
        return path;
    }

    private static bool StartsWithGzipSignature(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using FileStream file = File.OpenRead(path);
        return file.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head[0] == 0x1f && head[1] == 0x8b;
    }

    private static LiveResponseResult Snapshot(MachineAction action, string? machineId = null)
    {
        IEnumerable<CommandResult> commands = (action.Commands ?? []).OrderBy(c => c.Index).Select(c => new CommandResult(
            c.Index,
            LiveResponseCommandRequest.FromService(c.Command.Type.ToString(), c.Command.Params.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))),
            c.CommandStatus.ToString(),
            c.Errors ?? [],
            null,
            null));
        return new LiveResponseResult(machineId ?? action.MachineId ?? string.Empty, action.Id, Map(action.Status), commands.ToArray());
    }

    internal static MachineActionState Map(MachineActionStatus status) => MachineActionStates.FromWire(status.ToString());

    /// <summary>A name safe for a file or folder on every platform.</summary>
    internal static string SafeFileName(string name)
    {
        char[] invalid = [.. Path.GetInvalidFileNameChars(), '/', '\\', ':', '*', '?', '"', '<', '>', '|'];
        string safe = new(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray());
        return safe.Trim('.', ' ') is { Length: > 0 } trimmed ? trimmed : "_";
    }
}
