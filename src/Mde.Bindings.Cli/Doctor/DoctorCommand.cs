using System.CommandLine;

namespace Mde.Bindings.Cli.Doctor;

/// <summary>
/// <c>mde-lr doctor [--machine &lt;id&gt;] [--script &lt;name&gt;] [--json]</c>: checks, before anything runs, what a live
/// response run needs, one line per check (ok or problem, with the fix). Exit 0 when every check is ok; 3 when any is
/// a problem, since each is about the API, the credentials or the tenant's state (DESIGN.md's exit code for those).
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var machine = new Option<string?>("--machine", "-m") { Description = "Also check this device: known, onboarded, reporting, and not already running a live response action." };
        var script = new Option<string?>("--script", "-s") { Description = "Also check this library script (a name, or the path of a local file to upload): in the library, and under the API's 20 MB limit." };
        var json = new Option<bool>("--json") { Description = "Print only a JSON array of the checks: name, status (ok or problem), detail and fix." };
        machine.NotBlank("a device's machine id");
        script.NotBlank("a library script's name or a local file's path");

        var command = new Command("doctor", "Check the settings, the token and its roles, the API and, if given, the script and the device, before a run.") { machine, script, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<DoctorCheck> checks = await DoctorChecks.RunAsync(environment, parse.GetValue(machine), parse.GetValue(script), cancellationToken);
            if (parse.GetValue(json))
            {
                DoctorReport.WriteJson(environment.Out, checks);
            }
            else
            {
                DoctorReport.WriteLines(environment.Out, environment.Error, checks);
            }

            return checks.All(c => c.Ok) ? ExitCodes.Success : ExitCodes.ApiError;
        });
        return command;
    }
}
