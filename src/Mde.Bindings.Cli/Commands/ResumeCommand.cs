using System.CommandLine;

namespace Mde.Bindings.Cli.Commands;

/// <summary>
/// <c>mde-lr resume --job &lt;journal&gt;</c>: carries on a job that <c>run … --job</c> started and that stopped (killed,
/// crashed, interrupted): no device is run twice, actions already running are followed, results not yet saved are
/// fetched, and every device's results are printed as an uninterrupted run prints them.
/// </summary>
internal static class ResumeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        Option<string> job = JobCommand.JournalOption();
        var json = new Option<bool>("--json") { Description = "Print only a JSON array of the transcripts on stdout, as 'run --json' does." };
        Option<string?> report = RunReport.Option();
        var command = new Command("resume", "Carry on a fleet job from its journal (mde-lr run --machines … --job <file>) and print every device's results.") { job, json, report };
        command.SetAction((parse, cancellationToken) =>
            JobRun.ExecuteAsync(environment, parse.GetValue(job)!, requested: null, outputGiven: false, new RunReporting(environment, parse.GetValue(json), parse.GetValue(report)), cancellationToken));
        return command;
    }
}
