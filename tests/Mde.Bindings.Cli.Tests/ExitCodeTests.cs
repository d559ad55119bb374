using Mde.Bindings.Emulator.Hosting;


namespace Mde.Bindings.Cli.Tests;

/// <summary>
/// Exit codes that tell the truth: 2 only for the command line's own mistakes (found before any action starts), 1 with
/// "internal error" for what nobody expected — an <see cref="ArgumentException"/> from inside the runtime included —
/// and never a stack trace or a secret on stderr.
/// </summary>
public sealed class ExitCodeTests
{
    private const string Secret = "Zr8Q~client-secret-value";
    private const string SasSignature = "sig=q5tY7%2BsecretSignature%3D";
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcGkifQ.c2lnbmF0dXJlLXNlY3JldA";

    [Theory]
    [InlineData(new[] { "run", "--machine", " ", "--script", "minidump.ps1" }, "--machine is blank")]
    [InlineData(new[] { "run", "--machine", "demo-device", "--script", "" }, "--script is blank")]
    [InlineData(new[] { "run", "--machine", "demo-device", "--script", "minidump.ps1", "--get-file", "C:\\a.txt", "--get-file", "" }, "--get-file is blank")]
    [InlineData(new[] { "run", "--machine", "demo-device", "--script", "minidump.ps1", "--comment", "  " }, "--comment is blank")]
    [InlineData(new[] { "run", "--machine", "demo-device", "--script", "minidump.ps1", "--args", "-Path x;-Force" }, "';' at position 7")]
    [InlineData(new[] { "status", "" }, "actionId is blank")]
    [InlineData(new[] { "cancel", "action-1", "--comment", "" }, "--comment is blank")]
    [InlineData(new[] { "library", "delete", " " }, "name is blank")]
    public async Task Blank_or_unsendable_values_exit_2_before_any_call(string[] args, string hint)
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();

        CliRun run = await CliHarness.RunAsync(emulator, args);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(hint, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("using the emulator", run.Error, StringComparison.Ordinal);
        Assert.Empty(emulator.State.MachineActions);
    }

    [Fact]
    public async Task Output_paths_that_cannot_be_written_exit_2_before_any_call()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        string folder = Directory.CreateTempSubdirectory("mde-lr-exit-codes-").FullName;
        try
        {
            string file = Path.Combine(folder, "results.txt");
            await File.WriteAllTextAsync(file, "not a folder");

            CliRun runIntoFile = await CliHarness.RunAsync(emulator, ["run", "--machine", "demo-device", "--script", "minidump.ps1", "--output", file]);
            CliRun resultIntoFolder = await CliHarness.RunAsync(emulator, ["result", "action-1", "--index", "0", "--output", folder]);
            CliRun resultIntoMissingFolder = await CliHarness.RunAsync(emulator, ["result", "action-1", "--index", "0", "--output", Path.Combine(folder, "missing", "r.bin")]);

            Assert.True(runIntoFile.ExitCode == ExitCodes.Usage, runIntoFile.ToString());
            Assert.Contains("is a file: give a folder", runIntoFile.Error, StringComparison.Ordinal);
            Assert.True(resultIntoFolder.ExitCode == ExitCodes.Usage, resultIntoFolder.ToString());
            Assert.Contains("is a folder: give the path of the file", resultIntoFolder.Error, StringComparison.Ordinal);
            Assert.True(resultIntoMissingFolder.ExitCode == ExitCodes.Usage, resultIntoMissingFolder.ToString());
            Assert.Contains("its folder does not exist", resultIntoMissingFolder.Error, StringComparison.Ordinal);
            Assert.Empty(emulator.State.MachineActions);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_device_listed_twice_exits_2_before_any_action_starts()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        string list = Path.GetTempFileName();
        await File.WriteAllLinesAsync(list, ["demo-device", "# again, in other case:", "DEMO-device"]);
        try
        {
            CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machines", list, "--script", "minidump.ps1"]);

            Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
            Assert.Contains("names 'demo-device' more than once", run.Error, StringComparison.Ordinal);
            Assert.Empty(emulator.State.MachineActions);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public async Task A_library_file_the_library_would_refuse_exits_2_before_the_upload()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        string folder = Directory.CreateTempSubdirectory("mde-lr-exit-codes-").FullName;
        try
        {
            string file = Path.Combine(folder, "my script.ps1");
            await File.WriteAllTextAsync(file, "Write-Output 1");
            int before = emulator.State.LibraryFiles.Count;

            CliRun run = await CliHarness.RunAsync(emulator, ["library", "upload", file]);

            Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
            Assert.Contains("' ' at position 2", run.Error, StringComparison.Ordinal);
            Assert.Equal(before, emulator.State.LibraryFiles.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_argument_exception_from_inside_the_runtime_is_an_internal_error_exit_1_not_2()
    {
        // A signing key too short for the embedded emulator: EmulatorOptions.Validate throws ArgumentException, a fault
        // of the tool's own set-up that no command line can cause or fix.
        CliRun run = await RunEmbeddedAsync(options => options.SigningKey = new byte[4]);

        Assert.True(run.ExitCode == ExitCodes.InternalError, run.ToString());
        Assert.Contains("mde-lr: internal error (System.ArgumentException: SigningKey has 4 bytes", run.Error, StringComparison.Ordinal);
        Assert.Contains(ErrorReporter.WhereToReport, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Mde.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_secret_in_an_unexpected_exception_never_reaches_stderr()
    {
        CliRun run = await RunEmbeddedAsync(_ => throw new InvalidOperationException(
            $"fetching https://store.blob.core.windows.net/out/result.zip?sv=2021-08-06&{SasSignature} with Authorization: Bearer {Jwt} failed"));

        Assert.True(run.ExitCode == ExitCodes.InternalError, run.ToString());
        Assert.Contains("internal error (System.InvalidOperationException: fetching https://store.blob.core.windows.net/out/result.zip?[redacted]", run.Error, StringComparison.Ordinal);
        Assert.Contains("Bearer [redacted]", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secretSignature", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Error.Replace("at position", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public void The_configured_client_secret_is_removed_wherever_it_appears()
    {
        string? Variables(string name) => name == "MDE_CLIENT_SECRET" ? Secret : null;

        (int code, string message) = ErrorReporter.Describe(new FormatException($"could not parse '{Secret}' near token={Jwt}; password={Secret}x"), Variables);

        Assert.Equal(ExitCodes.InternalError, code);
        Assert.DoesNotContain(Secret, message, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", message, StringComparison.Ordinal);
        Assert.Contains("could not parse '[redacted]'", message, StringComparison.Ordinal);
        Assert.Contains("token=[redacted]", message, StringComparison.Ordinal);
        Assert.Contains("System.FormatException", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_kind_of_failure_maps_to_its_exit_code()
    {
        static int Code(Exception error) => ErrorReporter.Describe(error, _ => null).ExitCode;

        Assert.Equal(ExitCodes.Usage, Code(new CliUsageException("Give either --machine <id> or --machines <file>.")));
        Assert.Equal(ExitCodes.InternalError, Code(new ArgumentException("Value cannot be null.", "machineId")));
        Assert.Equal(ExitCodes.InternalError, Code(new ArgumentNullException("commands")));
        Assert.Equal(ExitCodes.InternalError, Code(new NullReferenceException()));
        Assert.Equal(ExitCodes.CommandFailed, Code(new IOException("No space left on device")));
        Assert.Equal(ExitCodes.CommandFailed, Code(new UnauthorizedAccessException("Access to the path is denied.")));
        Assert.Equal(ExitCodes.ApiError, Code(new TimeoutException("GetMachineAction got no complete answer within 30 s.")));
        Assert.Equal(ExitCodes.ApiError, Code(new HttpRequestException("Connection refused")));
        Assert.DoesNotContain("internal error", ErrorReporter.Describe(new IOException("No space left on device"), _ => null).Message, StringComparison.Ordinal);
    }

    /// <summary>Runs the main job against the emulator the tool embeds (no MDE_EMULATOR_URL), set up by <paramref name="configure"/>.</summary>
    private static async Task<CliRun> RunEmbeddedAsync(Action<EmulatorOptions> configure)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new CliEnvironment
        {
            GetVariable = _ => null,
            Out = output,
            Error = error,
            ConfigureEmbeddedEmulator = configure,
            PollInterval = TimeSpan.FromMilliseconds(50),
        };
        int exitCode = await MdeLr.RunAsync(["run", "--machine", EmulatorOptions.DemoDeviceId, "--script", EmulatorOptions.DemoScriptName], environment);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
