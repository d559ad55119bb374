using Mde.Bindings.LiveResponse;
using Mde.Bindings.Transcripts;

namespace Mde.Bindings.Cli.Commands;

/// <summary>
/// The end of a run that waited for its results (<c>run</c>, and <c>run --job</c> / <c>resume</c>): each device's
/// results printed (readably or as the JSON array of transcripts), its failures explained, the exit code they make,
/// and the <c>--report</c> file when one was asked for.
/// </summary>
internal sealed class RunReporting(CliEnvironment environment, bool asJson, string? reportPath)
{
    public async Task<int> ReportAsync(IReadOnlyList<MachineRunOutcome> outcomes, ActionIdRecorder progress, string? outputFolder, IReadOnlyList<LiveResponseCommandRequest> commands, bool manyDevices, CancellationToken cancellationToken)
    {
        var writeFailure = new ResultWriteFailure(progress, outputFolder, [.. commands.Select((c, i) => (c, i)).Where(x => x.c.HasResult).Select(x => x.i)]);
        int exitCode = Print(outcomes, manyDevices, writeFailure);
        if (reportPath is null)
        {
            return exitCode;
        }

        IReadOnlyList<RunReport.Row> rows = RunReport.Rows(outcomes, o => progress.ActionIdOf(o.MachineId), e => ErrorReporter.Describe(e, environment.GetVariable).Message);
        try
        {
            await RunReport.WriteAsync(reportPath, rows, cancellationToken);
            environment.Error.WriteLine($"mde-lr: report of {rows.Count} device(s) written to {reportPath}");
            return exitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Math.Max(exitCode, ErrorReporter.Report(e, environment));
        }
    }

    private int Print(IReadOnlyList<MachineRunOutcome> outcomes, bool manyDevices, ResultWriteFailure writeFailure)
    {
        int exitCode = ExitCodes.Success;
        var transcripts = new List<TranscriptOrigin>();
        var notCollected = new List<(string, string, CommandResult)>();
        foreach (MachineRunOutcome outcome in outcomes)
        {
            LiveResponseResult? result = outcome.Result;
            if (!asJson)
            {
                TranscriptPrinter.PrintReadable(environment.Out, outcome.MachineId, result);
            }

            foreach (CommandResult command in result?.Commands ?? [])
            {
                if (command.ResultStatus == CommandResultStatus.NotCollected)
                {
                    notCollected.Add((outcome.MachineId, result!.MachineActionId, command));
                    TranscriptPrinter.ReportNotCollected(environment.Error, outcome.MachineId, result!.MachineActionId, command);
                    exitCode = Math.Max(exitCode, ExitCodes.ApiError);
                }

                if (command.Transcript is { } transcript)
                {
                    transcripts.Add(new TranscriptOrigin(outcome.MachineId, result!.MachineActionId, transcript));
                    if (transcript.ExitCode != 0)
                    {
                        exitCode = Math.Max(exitCode, ExitCodes.ScriptFailed);
                    }
                }
            }

            if (outcome.Error is { } error)
            {
                exitCode = Math.Max(exitCode, writeFailure.TryReport(environment.Error, outcome.MachineId, error) ? ExitCodes.ScriptFailed : ErrorReporter.Report(error, environment, outcome.MachineId));
            }
        }

        if (asJson)
        {
            TranscriptPrinter.PrintJson(environment.Out, transcripts, notCollected);
        }

        if (manyDevices)
        {
            environment.Error.WriteLine($"mde-lr: {outcomes.Count(o => o.Succeeded)} of {outcomes.Count} devices succeeded.");
        }

        return exitCode;
    }
}
