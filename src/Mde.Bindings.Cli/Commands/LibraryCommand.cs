using System.CommandLine;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Commands;

/// <summary><c>mde-lr library list|upload|delete</c>: the scripts and files live response commands use.</summary>
internal static class LibraryCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var list = new Command("list", "List the library's files.");
        list.SetAction((parse, cancellationToken) => ActionCommands.WithConnectionAsync(environment, null, cancellationToken, async client =>
        {
            IReadOnlyList<LibraryEntry> files = await client.ListLibraryFilesAsync(cancellationToken);
            foreach (LibraryEntry file in files)
            {
                environment.Out.WriteLine($"{file.FileName}\t{file.Description ?? string.Empty}\t{(file.HasParameters ? "takes parameters" : "no parameters")}\t{file.CreatedBy}");
            }

            environment.Error.WriteLine($"mde-lr: {files.Count} file(s).");
            return ExitCodes.Success;
        }));

        var path = new Argument<string>("path") { Description = "The file to upload (its name becomes the library name)." }.NotBlank("the path of the file to upload");
        var description = new Option<string?>("--description") { Description = "The file's description." };
        var hasParameters = new Option<bool>("--has-parameters") { Description = "The script takes parameters." };
        var parametersDescription = new Option<string?>("--parameters-description") { Description = "How the parameters are used." };
        var overwrite = new Option<bool>("--override") { Description = "Replace a library file of the same name." };
        var upload = new Command("upload", "Upload a file to the library (20 MB at most).") { path, description, hasParameters, parametersDescription, overwrite };
        upload.SetAction((parse, cancellationToken) =>
        {
            string file = parse.GetValue(path)!;
            if (!File.Exists(file))
            {
                throw new CliUsageException($"'{file}' does not exist: give the path of the file to upload.");
            }

            if (LibraryFileName.Problem(Path.GetFileName(file)) is { } problem)
            {
                throw new CliUsageException($"'{file}' cannot be uploaded: {problem}.");
            }

            if (new FileInfo(file).Length > LiveResponseClient.MaxLibraryFileBytes)
            {
                throw new CliUsageException($"'{file}' is larger than 20 MB, the most the library takes: upload a smaller file (compress it, or collect what it makes on the device instead).");
            }

            return ActionCommands.WithConnectionAsync(environment, Path.GetFileName(file), cancellationToken, async client =>
            {
                LibraryEntry entry = await client.UploadLibraryFileAsync(
                    file,
                    description: parse.GetValue(description),
                    hasParameters: parse.GetValue(hasParameters),
                    parametersDescription: parse.GetValue(parametersDescription),
                    overrideIfExists: parse.GetValue(overwrite),
                    cancellationToken: cancellationToken);
                environment.Out.WriteLine($"{entry.FileName}\t{entry.Sha256}");
                return ExitCodes.Success;
            });
        });

        var name = new Argument<string>("name") { Description = "The library file to delete." }.NotBlank("the library file's name");
        var delete = new Command("delete", "Delete a file from the library.") { name };
        delete.SetAction((parse, cancellationToken) =>
        {
            string file = parse.GetValue(name)!;
            return ActionCommands.WithConnectionAsync(environment, file, cancellationToken, async client =>
            {
                await client.DeleteLibraryFileAsync(file, cancellationToken);
                environment.Out.WriteLine($"{file}: deleted");
                return ExitCodes.Success;
            });
        });

        return new Command("library", "Manage the live response library.") { list, upload, delete };
    }
}
