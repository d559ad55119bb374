using System.Text;
using System.Text.Json;
using Mde.Bindings.Auth;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Faults;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Library;

namespace Mde.Bindings.Cli.Tests;

/// <summary>
/// <c>mde-lr doctor</c> on the emulator: every check passing, and each one failing for the reason it names, with the
/// exit code (0 only when every check is ok; 3 otherwise) and the JSON shape scripts read.
/// </summary>
public sealed class DoctorCommandTests
{
    private static readonly string[] AllChecks =
    [
        "settings", "token", "roles-run", "roles-getfile", "roles-putfile", "roles-actions", "roles-library", "api",
        "library-script", "device", "device-health", "device-action",
    ];

    [Fact]
    public async Task Every_check_passes_on_the_emulator_and_json_lists_them_in_order()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--machine", "demo-device", "--script", "minidump.ps1", "--json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement[] checks = Checks(run);
        Assert.Equal(AllChecks, checks.Select(c => c.GetProperty("name").GetString()));
        foreach (JsonElement check in checks)
        {
            Assert.Equal(["name", "status", "detail", "fix"], check.EnumerateObject().Select(p => p.Name));
            Assert.Equal("ok", check.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, check.GetProperty("fix").ValueKind);
            Assert.False(string.IsNullOrWhiteSpace(check.GetProperty("detail").GetString()));
        }
    }

    [Fact]
    public async Task Without_options_it_checks_settings_token_roles_and_api_and_prints_one_line_each()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["doctor"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        string[] lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AllChecks[..8], lines.Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
        Assert.All(lines, l => Assert.StartsWith("ok ", l));
        Assert.Contains($"MDE_EMULATOR_URL={emulator.ApiBaseAddress}", lines[0]);
        Assert.Contains("roles: ", lines[1]);
        Assert.Contains("all 8 checks are ok", run.Error);
    }

    [Fact]
    public async Task It_runs_against_the_embedded_emulator()
    {
        var output = new StringWriter();
        var environment = new CliEnvironment { GetVariable = _ => null, Out = output, Error = new StringWriter() };
        int exitCode = await MdeLr.RunAsync(["doctor", "--machine", "demo-device", "--script", "minidump.ps1"], environment);

        Assert.True(exitCode == 0, output.ToString());
        Assert.Contains("the embedded emulator", output.ToString());
    }

    [Fact]
    public async Task A_wrong_setting_is_a_problem_and_the_rest_is_not_checked()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--machine", "demo-device", "--json"], variables: new Dictionary<string, string> { ["MDE_CLOUD"] = "Mars" });

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        JsonElement[] checks = Checks(run);
        Assert.Equal("problem", Status(checks, "settings"));
        Assert.Contains("MDE_CLOUD 'Mars'", Detail(checks, "settings"));
        Assert.All(checks.Skip(1), c => Assert.StartsWith("not checked: the settings check failed", c.GetProperty("detail").GetString()));
        Assert.Equal(AllChecks.Except(["library-script"]), checks.Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_token_that_cannot_be_had_is_a_problem()
    {
        // The emulator knows no app with the demo credentials the tool sends: the token endpoint answers invalid_client.
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.IncludeDemoApp = false);
        CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--json"]);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        JsonElement[] checks = Checks(run);
        Assert.Equal("ok", Status(checks, "settings"));
        Assert.Equal("problem", Status(checks, "token"));
        Assert.Contains("no token", Detail(checks, "token"));
        Assert.DoesNotContain(EmulatorTokenSource.DemoClientSecret, run.Out);
        Assert.Equal("problem", Status(checks, "api"));
    }

    [Fact]
    public async Task Roles_the_token_lacks_are_named_per_command_from_the_spec_with_where_to_grant_them()
    {
        // The demo credentials, registered with one role only (the service's reader roles).
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o =>
        {
            o.IncludeDemoApp = false;
            o.Apps.Add(new EmulatorApp(EmulatorTokenSource.DemoClientId, EmulatorTokenSource.DemoClientSecret, ["Machine.ReadWrite.All"]));
        });
        CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--json"]);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        JsonElement[] checks = Checks(run);
        Assert.Equal("ok", Status(checks, "token"));
        Assert.Contains("roles: Machine.ReadWrite.All", Detail(checks, "token"));
        Assert.Equal("problem", Status(checks, "roles-run"));
        Assert.Contains("RunLiveResponse needs one of Machine.LiveResponse", Detail(checks, "roles-run"));
        Assert.DoesNotContain("GetMachineAction", Detail(checks, "roles-run"));
        Assert.Contains("Grant Machine.LiveResponse", Fix(checks, "roles-run"));
        Assert.Contains("WindowsDefenderATP", Fix(checks, "roles-run"));
        Assert.Contains("admin consent", Fix(checks, "roles-run"));
        Assert.Equal("ok", Status(checks, "roles-actions"));
        Assert.Equal("problem", Status(checks, "roles-library"));
        Assert.Contains("UploadLibraryFile needs one of Library.Manage", Detail(checks, "roles-library"));
        Assert.Equal("ok", Status(checks, "api"));

        // The same checks as lines: a problem line carries its fix on the same line.
        CliRun text = await CliHarness.RunAsync(emulator, ["doctor"]);
        Assert.Equal(ExitCodes.ApiError, text.ExitCode);
        string runLine = text.Out.Split('\n').Single(l => l.StartsWith("problem roles-run ", StringComparison.Ordinal));
        Assert.Contains("RunLiveResponse needs one of Machine.LiveResponse", runLine);
        Assert.Contains(" Fix: Grant Machine.LiveResponse", runLine);
        Assert.Contains("checks found a problem", text.Error);
    }

    [Fact]
    public async Task A_token_without_any_role_fails_every_roles_check_and_the_API_still_counts_as_reachable()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o =>
        {
            o.IncludeDemoApp = false;
            o.Apps.Add(new EmulatorApp(EmulatorTokenSource.DemoClientId, EmulatorTokenSource.DemoClientSecret, []));
        });
        CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--json"]);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        JsonElement[] checks = Checks(run);
        Assert.Contains("roles: none", Detail(checks, "token"));
        Assert.All(checks.Where(c => c.GetProperty("name").GetString()!.StartsWith("roles-", StringComparison.Ordinal)), c => Assert.Equal("problem", c.GetProperty("status").GetString()));
        Assert.Equal("ok", Status(checks, "api"));
        Assert.Contains("403", Detail(checks, "api"));
    }

    [Fact]
    public async Task An_API_that_keeps_failing_is_a_problem_and_the_device_is_not_checked()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        emulator.Faults.Add(new FaultRule { Route = "ListMachineActions", Kind = FaultKind.ServerError, StatusCode = 503, Count = 20 });
        CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--machine", "demo-device", "--json"]);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        JsonElement[] checks = Checks(run);
        Assert.Equal("problem", Status(checks, "api"));
        Assert.Contains("503 ServiceUnavailable", Detail(checks, "api"));
        Assert.StartsWith("not checked: the api check failed", Detail(checks, "device"));
    }

    [Fact]
    public async Task A_script_missing_from_the_library_is_a_problem_with_the_upload_command()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        string local = Path.Combine(Path.GetTempPath(), $"doctor-{Guid.NewGuid():N}.ps1");
        await File.WriteAllTextAsync(local, "Write-Output 'hi'\n");
        try
        {
            CliRun missing = await CliHarness.RunAsync(emulator, ["doctor", "--script", "nothing.ps1", "--json"]);
            Assert.Equal(ExitCodes.ApiError, missing.ExitCode);
            Assert.Equal("problem", Status(Checks(missing), "library-script"));
            Assert.Contains("mde-lr library list", Fix(Checks(missing), "library-script"));

            CliRun notUploaded = await CliHarness.RunAsync(emulator, ["doctor", "--script", local, "--json"]);
            Assert.Equal($"Upload it: mde-lr library upload {local}", Fix(Checks(notUploaded), "library-script"));

            CliRun upload = await CliHarness.RunAsync(emulator, ["library", "upload", local]);
            Assert.True(upload.ExitCode == 0, upload.ToString());
            CliRun uploaded = await CliHarness.RunAsync(emulator, ["doctor", "--script", local, "--json"]);
            Assert.True(uploaded.ExitCode == 0, uploaded.ToString());
            Assert.Contains("under the 20 MB limit", Detail(Checks(uploaded), "library-script"));
        }
        finally
        {
            File.Delete(local);
        }
    }

    [Fact]
    public async Task A_local_script_over_the_APIs_20_MB_is_a_problem_even_when_the_library_has_its_name()
    {
        // upload-library.md: the API takes library files up to 20 MB.
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        string folder = Directory.CreateTempSubdirectory("doctor-").FullName;
        string big = Path.Combine(folder, "minidump.ps1");
        await using (FileStream file = File.Create(big))
        {
            file.SetLength((20L * 1024 * 1024) + 1);
        }

        try
        {
            CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--script", big, "--json"]);
            Assert.Equal(ExitCodes.ApiError, run.ExitCode);
            Assert.Equal("problem", Status(Checks(run), "library-script"));
            Assert.Contains("the API takes library files up to 20 MB", Detail(Checks(run), "library-script"));
            Assert.Contains("250 MB", Fix(Checks(run), "library-script"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_unknown_device_is_a_problem_and_its_health_and_actions_are_not_checked()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--machine", "no-such-device", "--json"]);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        JsonElement[] checks = Checks(run);
        Assert.Equal("problem", Status(checks, "device"));
        Assert.Contains("404 ResourceNotFound", Detail(checks, "device"));
        Assert.StartsWith("not checked: the device check failed", Detail(checks, "device-health"));
        Assert.StartsWith("not checked: the device check failed", Detail(checks, "device-action"));
    }

    [Fact]
    public async Task A_device_not_onboarded_or_not_reporting_is_a_problem()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o =>
        {
            o.Devices.Add(new EmulatedDevice("pending-1", "pending-1.contoso.local") { OnboardingStatus = "CanBeOnboarded" });
            o.Devices.Add(new EmulatedDevice("stale-1", "stale-1.contoso.local") { LastSeen = DateTimeOffset.UtcNow.AddDays(-8) });
            o.Devices.Add(new EmulatedDevice("off-1", "off-1.contoso.local") { HealthStatus = "Inactive" });
        });

        JsonElement[] pending = Checks(await CliHarness.RunAsync(emulator, ["doctor", "--machine", "pending-1", "--json"]));
        Assert.Equal("problem", Status(pending, "device"));
        Assert.Contains("CanBeOnboarded", Detail(pending, "device"));

        JsonElement[] stale = Checks(await CliHarness.RunAsync(emulator, ["doctor", "--machine", "stale-1", "--json"]));
        Assert.Equal("ok", Status(stale, "device"));
        Assert.Equal("problem", Status(stale, "device-health"));
        Assert.Contains("8 days ago", Detail(stale, "device-health"));

        JsonElement[] off = Checks(await CliHarness.RunAsync(emulator, ["doctor", "--machine", "off-1", "--json"]));
        Assert.Equal("problem", Status(off, "device-health"));
        Assert.Contains("health Inactive", Detail(off, "device-health"));
    }

    [Fact]
    public async Task A_device_already_running_live_response_is_a_problem_naming_the_action()
    {
        // One run per device: the next one answers 400 ActiveRequestAlreadyExists (microsoft-365-docs PR 11695).
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o =>
            o.LibraryFiles.Add(new EmulatedLibraryFile("hang.ps1", Encoding.UTF8.GetBytes("# emulator.outcome: hang\n"))));
        using HttpClient api = emulator.CreateApiClient();
        using HttpResponseMessage started = await api.PostAsync("api/machines/demo-device/runliveresponse", new StringContent(
            """{"Commands":[{"type":"RunScript","params":[{"key":"ScriptName","value":"hang.ps1"}]}],"Comment":"busy"}""", Encoding.UTF8, "application/json"));
        string actionId = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

        CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--machine", "demo-device", "--json"]);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        JsonElement[] checks = Checks(run);
        Assert.Equal("problem", Status(checks, "device-action"));
        Assert.Contains(actionId, Detail(checks, "device-action"));
        Assert.Contains($"mde-lr cancel {actionId}", Fix(checks, "device-action"));
    }

    [Fact]
    public async Task A_blank_option_is_a_usage_error()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync();
        CliRun run = await CliHarness.RunAsync(emulator, ["doctor", "--machine", " "]);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Out);
    }

    private static JsonElement[] Checks(CliRun run) => [.. JsonDocument.Parse(run.Out).RootElement.EnumerateArray()];

    private static JsonElement Check(JsonElement[] checks, string name) => checks.Single(c => c.GetProperty("name").GetString() == name);

    private static string Status(JsonElement[] checks, string name) => Check(checks, name).GetProperty("status").GetString()!;

    private static string Detail(JsonElement[] checks, string name) => Check(checks, name).GetProperty("detail").GetString()!;

    private static string Fix(JsonElement[] checks, string name) => Check(checks, name).GetProperty("fix").GetString()!;
}
