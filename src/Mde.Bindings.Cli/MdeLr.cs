using System.CommandLine;
using Mde.Bindings.Cli.Commands;

namespace Mde.Bindings.Cli;

/// <summary>The command line of <c>mde-lr</c>: parsing, dispatch, and the mapping of every failure to a message and an exit code.</summary>
internal static class MdeLr
{
    public static RootCommand Build(CliEnvironment environment) =>
        new("mde-lr: Defender for Endpoint live response. With credentials (MDE_TENANT_ID, MDE_CLIENT_ID, MDE_CLIENT_SECRET or MDE_CLIENT_CERTIFICATE, optional MDE_CLOUD, and MDE_SCOPE / MDE_API_URL to override the cloud's token scope and API address) it calls your tenant; else, with MDE_EMULATOR_URL set to a running emulator's API address (such as http://127.0.0.1:5080/), that emulator; else an emulator embedded in each command.")
        {
            RunCommand.Create(environment),
            ActionCommands.Status(environment),
            ActionCommands.Result(environment),
            ActionCommands.Cancel(environment),
            GetFileCommand.Create(environment),
            PutFileCommand.Create(environment),
            ActionsCommand.Create(environment),
            LibraryCommand.Create(environment),
            ResumeCommand.Create(environment),
            JobCommand.Create(environment),
            Doctor.DoctorCommand.Create(environment),
        };

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ParseResult parsed;
        try
        {
            parsed = Build(environment).Parse(args);
        }
        catch (Exception ex)
        {
            // A fault in the command tree or a value check: a bug, reported as one (never a crash with a stack trace).
            return ErrorReporter.Report(ex, environment);
        }

        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
            {
                environment.Error.WriteLine("mde-lr: " + error.Message);
            }

            environment.Error.WriteLine("mde-lr: run 'mde-lr --help' for the commands and their options.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,

            // Ctrl-C cancels the run's token; the run then cancels its machine actions on the service, which takes a
            // few calls: give it time before the process is ended.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        try
        {
            return await parsed.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            environment.Error.WriteLine(Interrupted(parsed));
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ex, environment);
        }
    }

    private static string Interrupted(ParseResult parsed)
    {
        // A job leaves its actions running on the service: its resume follows them.
        string? journal = parsed.CommandResult.Command.Name is "run" or "resume" ? parsed.GetValue<string?>("--job") : null;
        return journal is not null ? $"mde-lr: interrupted; the job's running actions go on on the service: carry on with: mde-lr resume --job {journal}"
            : parsed.CommandResult.Command.Name is "run" or "getfile" or "putfile" ? "mde-lr: interrupted; the running live response actions were cancelled on the service."
            : "mde-lr: interrupted.";
    }
}
