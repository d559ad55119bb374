using System.CommandLine;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Commands;

/// <summary><c>mde-lr putfile --machine &lt;id&gt; --file &lt;library file&gt;</c>: copy a library file to a device.</summary>
internal static class PutFileCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var machine = new Option<string>("--machine", "-m") { Description = "The device to copy the file to (its machine id).", Required = true };
        var file = new Option<string>("--file", "-f") { Description = "The library file's name (see mde-lr library list).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print only a JSON array describing the copied file on stdout." };
        var cancelActive = new Option<bool>("--cancel-active") { Description = "If the device already runs a live response action, cancel it and run." };
        var comment = new Option<string?>("--comment") { Description = "The comment attached to the machine action." };
        machine.NotBlank("the device's machine id");
        file.NotBlank("the name of a library file");
        file.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: { } name }, ..] && name.IndexOfAny(['/', '\\']) >= 0)
            {
                result.AddError($"{file.Name} '{name}' is a path: give the name of a file in the live response library (upload it first with mde-lr library upload {name}).");
            }
        });

        var command = new Command("putfile", "Copy a file from the live response library to a device (a PutFile command).")
        {
            machine, file, json, cancelActive, comment,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string machineId = parse.GetValue(machine)!;
            string fileName = parse.GetValue(file)!;
            var settings = new SingleCommandRun.RunSettings(null, parse.GetValue(cancelActive), parse.GetValue(comment), parse.GetValue(json));
            await using ApiConnection connection = await ApiConnection.OpenAsync(environment, cancellationToken);
            environment.Error.WriteLine("mde-lr: using " + connection.Description);

            // Check the library before an action starts: a PutFile of a missing file would only fail on the device.
            IReadOnlyList<LibraryEntry> library;
            try
            {
                library = await connection.Client.ListLibraryFilesAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return ErrorReporter.Report(ex, environment);
            }

            if (!library.Any(f => string.Equals(f.FileName, fileName, StringComparison.OrdinalIgnoreCase)))
            {
                environment.Error.WriteLine($"mde-lr: --file '{fileName}' is not in the live response library: upload it with 'mde-lr library upload <path>', or pick one of: {string.Join(", ", library.Select(f => f.FileName).Order(StringComparer.OrdinalIgnoreCase))}.");
                return ExitCodes.Usage;
            }

            return await SingleCommandRun.RunAsync(environment, connection, machineId, LiveResponseCommandRequest.PutFile(fileName), settings, result => PrintJson(environment.Out, result), cancellationToken);
        });
        return command;
    }

    /// <summary>One object per command: <c>machine_id</c>, <c>action_id</c>, <c>status</c> and <c>file_name</c>.</summary>
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
                writer.WriteString("file_name", command.Command["FileName"]);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        });
}
