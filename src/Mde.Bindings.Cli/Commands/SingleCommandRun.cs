using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Commands;

/// <summary>
/// Runs one live response command (GetFile or PutFile) on one device with the conventions of <c>run</c>: progress on
/// stderr, the result on stdout (or as JSON), and the exit codes of <see cref="ExitCodes"/>.
/// </summary>
internal static class SingleCommandRun
{
    public static async Task<int> RunAsync(
        CliEnvironment environment,
        ApiConnection connection,
        string machineId,
        LiveResponseCommandRequest command,
        RunSettings settings,
        Action<LiveResponseResult> printJson,
        CancellationToken cancellationToken)
    {
        var progress = new ActionIdRecorder(new ProgressRenderer(environment.Error, environment.ErrorIsTerminal));
        LiveResponseRunOptions options = RunCommand.Polling(environment, connection) with
        {
            OutputDirectory = settings.OutputFolder,
            CancelActiveAction = settings.CancelActive,
            KeepGzip = settings.KeepGzip,
            Comment = settings.Comment ?? "mde-lr",
            Progress = progress,
        };

        LiveResponseResult result;
        try
        {
            result = await connection.Client.RunAsync(machineId, [command], options, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (new ResultWriteFailure(progress, settings.OutputFolder, [0]).TryReport(environment.Error, machineId, ex))
            {
                return ExitCodes.ScriptFailed;
            }

            if (ex is LiveResponseException { Result: { } partial } && !settings.Json)
            {
                TranscriptPrinter.PrintReadable(environment.Out, machineId, partial);
            }

            return ErrorReporter.Report(ex, environment, machineId);
        }

        if (settings.Json)
        {
            printJson(result);
        }
        else
        {
            TranscriptPrinter.PrintReadable(environment.Out, machineId, result);
        }

        // As with run: a result the action made but that could not be collected (for example a corrupt gzip) is exit 3.
        int exitCode = ExitCodes.Success;
        foreach (CommandResult notCollected in result.Commands.Where(c => c.ResultStatus == CommandResultStatus.NotCollected))
        {
            TranscriptPrinter.ReportNotCollected(environment.Error, machineId, result.MachineActionId, notCollected);
            exitCode = ExitCodes.ApiError;
        }

        return exitCode;
    }

    /// <summary>The options <c>getfile</c> and <c>putfile</c> share with <c>run</c>.</summary>
    internal sealed record RunSettings(string? OutputFolder, bool CancelActive, string? Comment, bool Json, bool KeepGzip = false);
}
