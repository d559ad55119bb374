using Mde.Bindings.Cli.Commands;
using Mde.Bindings.Emulator.Hosting;

namespace Mde.Bindings.Cli.Tests;

/// <summary>The <c>--output</c> check made while parsing: a folder that cannot be written stops the command before any call.</summary>
public sealed class OutputFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mde-lr-outcheck-" + Guid.NewGuid().ToString("N"));

    public OutputFolderTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // The issue's report: 'run --output /proc/forbidden' ran the script on the device and only then failed (exit 3).
    [Fact]
    public async Task Run_with_an_output_folder_that_cannot_be_created_is_exit_2_and_starts_no_action()
    {
        string underFile = Path.Combine(_root, "file.txt", "out");
        File.WriteAllText(Path.Combine(_root, "file.txt"), "x");
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        foreach (string output in OperatingSystem.IsLinux() ? new[] { underFile, "/proc/forbidden" } : [underFile])
        {
            CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machine", EmulatorOptions.DemoDeviceId, "--script", EmulatorOptions.DemoScriptName, "--output", output]);

            Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
            Assert.Contains($"--output '{output}' cannot be created", run.Error, StringComparison.Ordinal);
        }

        Assert.Empty(emulator.State.MachineActions);
    }

    // The issue's report again: after the action ran, the results were left behind with no word on how to get them.
    [Fact]
    public async Task Run_whose_result_cannot_be_written_names_the_action_and_the_result_commands()
    {
        Directory.CreateDirectory(Path.Combine(_root, "01-OfficeClickToRun.dmp.zip"));
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machine", EmulatorOptions.DemoDeviceId, "--script", EmulatorOptions.DemoScriptName, "--get-file", @"C:\windows\TEMP\OfficeClickToRun.dmp.zip", "--output", _root]);

        string actionId = emulator.State.MachineActions.Single().Id;
        Assert.True(run.ExitCode == ExitCodes.ScriptFailed, run.ToString());
        Assert.Contains($"machine action {actionId} on {EmulatorOptions.DemoDeviceId} ran, but its result could not be written to '{_root}'", run.Error, StringComparison.Ordinal);
        Assert.Contains($"mde-lr result {actionId} --index 0 --output <file>", run.Error, StringComparison.Ordinal);
        Assert.Contains($"mde-lr result {actionId} --index 1 --output <file>", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unexpected", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_and_creatable_folders_pass_and_leave_nothing_behind()
    {
        Assert.Null(OutputFolderRule.Problem(_root));
        Assert.Null(OutputFolderRule.Problem(Path.Combine(_root, "new", "deeper")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void A_file_a_blank_path_and_a_NUL_are_refused_with_the_reason()
    {
        string file = Path.Combine(_root, "a.txt");
        File.WriteAllText(file, "x");
        Assert.Equal("is a file: give a folder (it is created when missing).", OutputFolderRule.Problem(file));
        Assert.Contains("cannot be created: '" + file + "' is a file.", OutputFolderRule.Problem(Path.Combine(file, "sub")), StringComparison.Ordinal);
        Assert.StartsWith("is not a folder path", OutputFolderRule.Problem(" "), StringComparison.Ordinal);
        Assert.StartsWith("is not a folder path", OutputFolderRule.Problem("a\0b"), StringComparison.Ordinal);
    }
}
