using System.CommandLine;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Commands;

/// <summary><c>mde-lr getfile --machine &lt;id&gt; --path &lt;device path&gt; --output &lt;dir&gt;</c>: collect a file, no script needed.</summary>
internal static class GetFileCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var machine = new Option<string>("--machine", "-m") { Description = "The device to collect from (its machine id).", Required = true };
        var path = new Option<string>("--path", "-p") { Description = @"The file's path on the device (for example C:\Windows\Temp\a.log).", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "The folder the file is written to (atomically; created when missing).", Required = true }.WritableFolder();
        var json = new Option<bool>("--json") { Description = "Print only a JSON array describing the collected file on stdout." };
        var cancelActive = new Option<bool>("--cancel-active") { Description = "If the device already runs a live response action, cancel it and run." };
        var comment = new Option<string?>("--comment") { Description = "The comment attached to the machine action." };
        var keepGz = KeepGzOption();
        machine.NotBlank("the device's machine id");
        path.NotBlank("the path of the file on the device");

        var command = new Command("getfile", "Collect a file from a device (a GetFile command) and save it in a folder.")
        {
            machine, path, output, json, cancelActive, comment, keepGz,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string machineId = parse.GetValue(machine)!;
            var settings = new SingleCommandRun.RunSettings(parse.GetValue(output), parse.GetValue(cancelActive), parse.GetValue(comment), parse.GetValue(json), parse.GetValue(keepGz));
            await using ApiConnection connection = await ApiConnection.OpenAsync(environment, cancellationToken);
            environment.Error.WriteLine("mde-lr: using " + connection.Description);
            return await SingleCommandRun.RunAsync(environment, connection, machineId, LiveResponseCommandRequest.GetFile(parse.GetValue(path)!), settings, result => PrintJson(environment.Out, result), cancellationToken);
        });
        return command;
    }

    /// <summary>One object per collected file: <c>machine_id</c>, <c>action_id</c>, <c>status</c>, <c>path</c> (on the device), <c>file</c> (saved) and <c>bytes</c>.</summary>
    private static void PrintJson(TextWriter output, LiveResponseResult result) =>
        JsonOutput.Write(output, writer =>
        {
            writer.WriteStartArray();
            foreach (CommandResult command in result.Commands)
            {
                writer.WriteStartObject();
                writer.WriteString("machine_id", result.MachineId);
                writer.WriteString("action_id", result.MachineActionId);
                writer.WriteString("status", command.Status);
                writer.WriteString("path", command.Command["Path"]);
                writer.WriteString("file", command.FilePath);
                if (command.FilePath is { } file && File.Exists(file))
                {
                    writer.WriteNumber("bytes", new FileInfo(file).Length);
                }
                else
                {
                    writer.WriteNull("bytes");
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });

    /// <summary><c>--keep-gz</c>: save a collected file as the gzip the service stores (<c>&lt;name&gt;.gz</c>) instead of its own bytes.</summary>
    internal static Option<bool> KeepGzOption() =>
        new("--keep-gz")
        {
            Description = "Save each collected file as the gzip the service stores it as (<name>.gz) instead of decompressing it.",
        };
}
