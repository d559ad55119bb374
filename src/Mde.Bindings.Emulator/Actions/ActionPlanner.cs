using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Library;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.Scripts;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Actions;

/// <summary>
/// Checks a RunLiveResponse body and decides, command by command, how the run will go. Body errors are answered
/// at once (400); what only the device could find out (a script missing from the library, a missing file) fails
/// the command when it runs, as the service does.
/// </summary>
internal sealed class ActionPlanner
{
    private const string FileNameKey = "FileName";
    private const string ScriptNameKey = "ScriptName";
    private const string ArgsKey = "Args";
    private const string PathKey = "Path";

    private readonly EmulatorOptions _options;
    private readonly Func<string, EmulatedLibraryFile?> _findLibraryFile;

    public ActionPlanner(EmulatorOptions options, Func<string, EmulatedLibraryFile?> findLibraryFile)
    {
        _options = options;
        _findLibraryFile = findLibraryFile;
    }

    /// <summary>The body's first problem, or <see langword="null"/> when it can run.</summary>
    public static RequestError? Validate(RunLiveResponseRequest request)
    {
        if (request.Commands is not { Count: > 0 } commands)
        {
            return RequestError.InvalidRequestBody("Commands must hold at least one command.");
        }

        int previousRank = 0;
        for (int i = 0; i < commands.Count; i++)
        {
            LiveResponseCommand command = commands[i];
            int rank = Rank(command.Type);
            if (rank == 0)
            {
                return RequestError.InvalidRequestBody($"Command {i} has type '{command.Type}'; the types are PutFile, RunScript and GetFile.");
            }

            if (rank < previousRank)
            {
                return RequestError.InvalidRequestBody($"Command {i} ({command.Type}) comes after a later type: commands must be ordered PutFile, then RunScript, then GetFile.");
            }

            previousRank = rank;
            string requiredKey = rank switch { 1 => FileNameKey, 2 => ScriptNameKey, _ => PathKey };
            if (string.IsNullOrWhiteSpace(Param(command, requiredKey)))
            {
                return RequestError.MissingRequiredParameter($"Command {i} ({command.Type}) needs the parameter '{requiredKey}' (keys are case-sensitive).");
            }

            // The service's text for these characters is known (defender-docs PR 399); its status and code are not,
            // so the emulator answers 400 BadRequest, the docs' code for a general refusal (docs/emulator.md).
            if (rank == 2 && Param(command, ArgsKey) is { } args && Mde.Bindings.LiveResponse.ScriptArguments.IndexOfForbidden(args) >= 0)
            {
                return RequestError.BadRequest(Mde.Bindings.LiveResponse.ScriptArguments.ServiceMessage);
            }
        }

        return null;
    }

    public IReadOnlyList<PlannedCommand> Plan(RunLiveResponseRequest request, EmulatedDevice device)
    {
        var planned = new List<PlannedCommand>(request.Commands.Count);
        foreach (LiveResponseCommand command in request.Commands)
        {
            planned.Add(Rank(command.Type) switch
            {
                1 => PlanPutFile(command),
                2 => PlanRunScript(command, device),
                _ => PlanGetFile(command, device),
            });
        }

        return planned;
    }

    private PlannedCommand PlanPutFile(LiveResponseCommand command)
    {
        string fileName = Param(command, FileNameKey)!;
        return _findLibraryFile(fileName) is null
            ? Fail(command, $"File '{fileName}' was not found in the live response library.")
            : new PlannedCommand(command, _options.CommandDuration, PlannedOutcome.Complete, null, null);
    }

    private PlannedCommand PlanRunScript(LiveResponseCommand command, EmulatedDevice device)
    {
        string scriptName = Param(command, ScriptNameKey)!;
        if (_findLibraryFile(scriptName) is not { } file)
        {
            return Fail(command, $"Script '{scriptName}' was not found in the live response library.");
        }

        if (!_options.AllowUnsignedScripts && !ScriptSignature.IsSigned(file))
        {
            return Fail(command, ScriptSignature.NotSignedError(scriptName));
        }

        ScriptBehavior behavior;
        try
        {
            behavior = device.ScriptBehavior ?? (_options.ScriptBehaviors.TryGetValue(scriptName, out ScriptBehavior? rule) ? rule : ScriptDirectives.Parse(file.Content)) ?? ScriptBehavior.Default;
        }
        catch (FormatException e)
        {
            return Fail(command, $"Script '{scriptName}' has an unreadable emulator directive. {e.Message}");
        }

        TimeSpan duration = behavior.Duration ?? _options.CommandDuration;
        if (behavior.Outcome == ScriptOutcome.Hang || duration >= _options.ScriptTimeout)
        {
            return new PlannedCommand(command, _options.ScriptTimeout, PlannedOutcome.TimeOut, $"Script '{scriptName}' timed out after {_options.ScriptTimeout}.", null);
        }

        if (behavior.Outcome == ScriptOutcome.Fail)
        {
            return new PlannedCommand(command, duration, PlannedOutcome.Fail, behavior.FailureMessage ?? $"Script '{scriptName}' failed.", null);
        }

        string args = Param(command, ArgsKey) ?? string.Empty;
        string transcriptId = Guid.NewGuid().ToString("N");
        string Fill(string text) => text.Replace("{script}", scriptName, StringComparison.Ordinal)
            .Replace("{args}", args, StringComparison.Ordinal)
            .Replace("{transcriptId}", transcriptId, StringComparison.Ordinal);
        var transcript = new StoredTranscript(scriptName, behavior.ExitCode, Fill(behavior.Output), Fill(behavior.Errors));
        return new PlannedCommand(command, duration, PlannedOutcome.Complete, null, transcript);
    }

    private PlannedCommand PlanGetFile(LiveResponseCommand command, EmulatedDevice device)
    {
        string path = Param(command, PathKey)!;
        if (device.Files.TryGetValue(path, out byte[]? content))
        {
            return new PlannedCommand(command, _options.CommandDuration, PlannedOutcome.Complete, null, new StoredCollectedFile(path, content));
        }

        return device.FailMissingFiles
            ? Fail(command, $"File '{path}' was not found on the device.")
            : new PlannedCommand(command, _options.CommandDuration, PlannedOutcome.Complete, null, new StoredCollectedFile(path, GeneratedFileContent.For(device.Id, path)));
    }

    private PlannedCommand Fail(LiveResponseCommand command, string error) =>
        new(command, _options.CommandDuration, PlannedOutcome.Fail, error, null);

    // The documented order: PutFile (1), then RunScript (2), then GetFile (3); 0 for anything else.
    private static int Rank(LiveResponseCommandType type) =>
        type == LiveResponseCommandType.PutFile ? 1
        : type == LiveResponseCommandType.RunScript ? 2
        : type == LiveResponseCommandType.GetFile ? 3
        : 0;

    private static string? Param(LiveResponseCommand command, string key) =>
        command.Params?.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.Ordinal))?.Value;
}
