using System.Text;
using System.Text.Json;
using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;

namespace Mde.Bindings.Cli.Tests;

/// <summary><c>mde-lr getfile</c> and <c>mde-lr putfile</c> against the emulator, and the checks made before an action starts.</summary>
public sealed class FileCommandTests : IDisposable
{
    private const string DevicePath = @"C:\Windows\Temp\app.log";
    private static readonly byte[] s_content = Encoding.UTF8.GetBytes("line one\nline two\n");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "mde-lr-files-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
        else if (File.Exists(_folder))
        {
            File.Delete(_folder);
        }
    }

    [Fact]
    public async Task Getfile_saves_the_device_file_in_the_output_folder_and_exits_0()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["getfile", "--machine", "d1", "--path", DevicePath, "--output", _folder]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        string saved = Assert.Single(Directory.GetFiles(_folder));
        Assert.EndsWith("app.log", saved, StringComparison.Ordinal);
        Assert.Equal(s_content, File.ReadAllBytes(saved));
        Assert.Contains("saved to " + saved, run.Out, StringComparison.Ordinal);
        Assert.Contains("d1: Succeeded", run.Error, StringComparison.Ordinal);
        EmulatedMachineAction action = Assert.Single(emulator.State.MachineActions);
        Assert.Equal("GetFile", Assert.Single(action.Commands).Type);
    }

    // GetFile results are gzip on the service (demisto/content
    // Packs/MicrosoftDefenderAdvancedThreatProtection/Integrations/MicrosoftDefenderAdvancedThreatProtection/MicrosoftDefenderAdvancedThreatProtection.py
    // saves them as .gz; msdirtbag/MDEAutomator README.md calls them gzips), and the emulator serves them so: the
    // default saves the file's own bytes, --keep-gz the gzip as served.
    [Fact]
    public async Task Getfile_keep_gz_saves_the_gzip_as_served_and_reports_that_file()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["getfile", "--machine", "d1", "--path", DevicePath, "--output", _folder, "--keep-gz", "--json"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        string saved = Assert.Single(Directory.GetFiles(_folder));
        Assert.Equal("00-app.log.gz", Path.GetFileName(saved));
        byte[] gzip = File.ReadAllBytes(saved);
        Assert.Equal([0x1f, 0x8b], gzip[..2]);
        using var decompressed = new MemoryStream();
        using (var reader = new System.IO.Compression.GZipStream(new MemoryStream(gzip), System.IO.Compression.CompressionMode.Decompress))
        {
            reader.CopyTo(decompressed);
        }

        Assert.Equal(s_content, decompressed.ToArray());
        JsonElement file = Assert.Single(JsonDocument.Parse(run.Out).RootElement.EnumerateArray());
        Assert.Equal(saved, file.GetProperty("file").GetString());
        Assert.Equal(gzip.Length, file.GetProperty("bytes").GetInt64());
    }

    [Fact]
    public async Task Getfile_of_a_gzip_cut_short_names_the_command_writes_no_file_and_exits_3()
    {
        await using EmulatorHost emulator = await StartAsync();
        emulator.Faults.Add(new Mde.Bindings.Emulator.Faults.FaultRule { Route = Mde.Bindings.Emulator.Http.EmulatorRoutes.Storage, Kind = Mde.Bindings.Emulator.Faults.FaultKind.TruncatedContent, CutOffAfterBytes = 20, Count = 1 });
        CliRun run = await CliHarness.RunAsync(emulator, ["getfile", "--machine", "d1", "--path", DevicePath, "--output", _folder]);

        string actionId = emulator.State.MachineActions.Single().Id;
        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());
        Assert.Contains($"the result of command #0 was not collected: The GetFile result of command #0 ({DevicePath}) of machine action {actionId} was not saved", run.Error, StringComparison.Ordinal);
        Assert.Contains("not valid gzip data", run.Error, StringComparison.Ordinal);
        Assert.Contains($"mde-lr result {actionId} --index 0", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Run_get_file_saves_the_collected_files_own_bytes_under_its_own_name()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machine", "d1", "--script", EmulatorOptions.DemoScriptName, "--get-file", DevicePath, "--output", _folder]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        string saved = Path.Combine(_folder, "01-app.log");
        Assert.Equal(s_content, File.ReadAllBytes(saved));
        Assert.Contains(saved, run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(_folder), f => f.EndsWith(".gz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Getfile_json_prints_only_an_array_describing_the_file()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["getfile", "-m", "d1", "-p", DevicePath, "-o", _folder, "--json"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        JsonElement file = Assert.Single(JsonDocument.Parse(run.Out).RootElement.EnumerateArray());
        Assert.Equal(["machine_id", "action_id", "status", "path", "file", "bytes"], file.EnumerateObject().Select(p => p.Name));
        Assert.Equal(emulator.State.MachineActions.Single().Id, file.GetProperty("action_id").GetString());
        Assert.Equal(DevicePath, file.GetProperty("path").GetString());
        Assert.Equal(s_content.Length, file.GetProperty("bytes").GetInt64());
        Assert.Equal(s_content, File.ReadAllBytes(file.GetProperty("file").GetString()!));
    }

    [Fact]
    public async Task Getfile_of_a_missing_file_is_exit_1()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["getfile", "--machine", "d1", "--path", @"C:\nope.txt", "--output", _folder]);

        Assert.True(run.ExitCode == ExitCodes.ScriptFailed, run.ToString());
        Assert.Contains(@"C:\nope.txt", run.Out + run.Error, StringComparison.Ordinal);
    }

    // The issue's own report: '--output /proc/forbidden' ran the action first and failed after. Now the folder is
    // checked while parsing: exit 2, and the service never sees an action.
    [Fact]
    public async Task Getfile_to_an_output_folder_that_cannot_be_created_is_exit_2_and_starts_no_action()
    {
        File.WriteAllText(_folder, "a file, not a folder");
        string[] unwritable = OperatingSystem.IsLinux() ? [Path.Combine(_folder, "sub"), _folder, "/proc/forbidden"] : [Path.Combine(_folder, "sub"), _folder];
        await using EmulatorHost emulator = await StartAsync();
        foreach (string output in unwritable)
        {
            CliRun run = await CliHarness.RunAsync(emulator, ["getfile", "--machine", "d1", "--path", DevicePath, "--output", output]);

            Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
            Assert.Contains($"--output '{output}'", run.Error, StringComparison.Ordinal);
        }

        Assert.Empty(emulator.State.MachineActions);
    }

    [Fact]
    public async Task Getfile_whose_result_cannot_be_written_names_the_action_and_the_command_that_fetches_it_again()
    {
        await using EmulatorHost emulator = await StartAsync();

        // A folder where the result file goes: the folder check passes, the write after the action does not.
        Directory.CreateDirectory(Path.Combine(_folder, "00-app.log"));
        CliRun run = await CliHarness.RunAsync(emulator, ["getfile", "--machine", "d1", "--path", DevicePath, "--output", _folder]);

        string actionId = emulator.State.MachineActions.Single().Id;
        Assert.True(run.ExitCode == ExitCodes.ScriptFailed, run.ToString());
        Assert.Contains($"machine action {actionId} on d1 ran, but its result could not be written", run.Error, StringComparison.Ordinal);
        Assert.Contains($"mde-lr result {actionId} --index 0 --output <file>", run.Error, StringComparison.Ordinal);

        // And that command does fetch it.
        string again = Path.Combine(_folder, "again.log");
        CliRun result = await CliHarness.RunAsync(emulator, ["result", actionId, "--index", "0", "--output", again]);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal(s_content, File.ReadAllBytes(again));
    }

    [Theory]
    [InlineData(new[] { "getfile", "--path", DevicePath, "--output", "." }, "--machine")]
    [InlineData(new[] { "getfile", "--machine", "d1", "--output", "." }, "--path")]
    [InlineData(new[] { "getfile", "--machine", "d1", "--path", DevicePath }, "--output")]
    [InlineData(new[] { "getfile", "--machine", " ", "--path", DevicePath, "--output", "." }, "--machine is blank")]
    [InlineData(new[] { "putfile", "--machine", "d1" }, "--file")]
    [InlineData(new[] { "putfile", "--machine", "d1", "--file", "scripts/tool.exe" }, "is a path")]
    public async Task Wrong_command_lines_are_exit_2_and_start_no_action(string[] args, string named)
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, args);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(named, run.Error, StringComparison.Ordinal);
        Assert.Empty(emulator.State.MachineActions);
    }

    [Fact]
    public async Task Putfile_copies_a_library_file_and_exits_0()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["putfile", "--machine", "d1", "--file", EmulatorOptions.DemoScriptName]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        EmulatedMachineAction action = Assert.Single(emulator.State.MachineActions);
        Assert.Equal("PutFile", Assert.Single(action.Commands).Type);
        Assert.Contains($"action {action.Id} · Succeeded", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Putfile_json_prints_only_an_array_describing_the_copy()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["putfile", "-m", "d1", "-f", EmulatorOptions.DemoScriptName, "--json"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        JsonElement copy = Assert.Single(JsonDocument.Parse(run.Out).RootElement.EnumerateArray());
        Assert.Equal(["machine_id", "action_id", "status", "file_name"], copy.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Completed", copy.GetProperty("status").GetString());
        Assert.Equal(EmulatorOptions.DemoScriptName, copy.GetProperty("file_name").GetString());
    }

    [Fact]
    public async Task Putfile_of_a_file_not_in_the_library_is_exit_2_and_starts_no_action()
    {
        await using EmulatorHost emulator = await StartAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["putfile", "--machine", "d1", "--file", "missing.exe"]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("'missing.exe' is not in the live response library", run.Error, StringComparison.Ordinal);
        Assert.Contains(EmulatorOptions.DemoScriptName, run.Error, StringComparison.Ordinal);
        Assert.Empty(emulator.State.MachineActions);
    }

    private static Task<EmulatorHost> StartAsync() => CliHarness.StartEmulatorAsync(o => o.Devices.Add(new EmulatedDevice("d1", "one")
    {
        Files = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase) { [DevicePath] = s_content },
        FailMissingFiles = true,
    }));
}
