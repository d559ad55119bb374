using System.Net;
using Mde.Bindings.Auth;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.LiveResponse;
using Refit;

namespace Mde.Bindings.Cli.Tests;

/// <summary>
/// A token without the permission a command needs: <c>mde-lr</c> stops before the call with one line that names the
/// operation, the permissions that would do, the token's, and where to grant them; a 403 from the service gets the
/// same explanation.
/// </summary>
public sealed class PermissionErrorCliTests
{
    // The emulator's demo app, holding only the roles given: the tool signs in as the demo app (EmulatorTokenSource.ForDemoApp).
    private static Task<EmulatorHost> EmulatorWithDemoAppRoles(params string[] roles) => CliHarness.StartEmulatorAsync(o =>
    {
        o.IncludeDemoApp = false;
        o.Apps.Add(new EmulatorApp(EmulatorTokenSource.DemoClientId, EmulatorTokenSource.DemoClientSecret, roles));
    });

    [Fact]
    public async Task Run_without_Machine_LiveResponse_stops_before_the_action_with_exit_3_and_the_fix()
    {
        await using EmulatorHost emulator = await EmulatorWithDemoAppRoles("Machine.ReadWrite.All", "Library.Manage");

        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machine", EmulatorOptions.DemoDeviceId, "--script", EmulatorOptions.DemoScriptName]);

        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());
        Assert.Empty(emulator.State.MachineActions);
        string line = Assert.Single(run.Error.Split('\n'), l => l.StartsWith("mde-lr: LiveResponse.", StringComparison.Ordinal));
        Assert.Contains("LiveResponse.RunLiveResponse was not sent", line, StringComparison.Ordinal);
        Assert.Contains("Machine.LiveResponse", line, StringComparison.Ordinal);
        Assert.Contains("the roles Machine.ReadWrite.All, Library.Manage", line, StringComparison.Ordinal);
        Assert.Contains("WindowsDefenderATP → Application permissions", line, StringComparison.Ordinal);
        Assert.Contains("Grant admin consent", line, StringComparison.Ordinal);
        Assert.Contains("mde-lr doctor", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_from_the_service_is_explained_against_the_spec_in_the_error_line()
    {
        await using EmulatorHost emulator = await EmulatorWithDemoAppRoles("Library.Manage");
        var tokens = EmulatorTokenSource.ForDemoApp(emulator.ApiBaseAddress);
        var handler = new BearerTokenHandler(tokens, emulator.ApiBaseAddress, ApiAudience) { PermissionPreflight = false, InnerHandler = new HttpClientHandler() };
        var client = new LiveResponseClient(new HttpClient(handler) { BaseAddress = emulator.ApiBaseAddress });

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => client.GetStatusAsync("no-such-action"));
        (int exitCode, string message) = ErrorReporter.Describe(error, _ => null);

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(ExitCodes.ApiError, exitCode);
        Assert.StartsWith("The API answered 403 Forbidden", message, StringComparison.Ordinal);
        Assert.Contains("LiveResponse.GetMachineAction was refused by the API (403 Forbidden)", message, StringComparison.Ordinal);
        Assert.Contains("Machine.ReadWrite.All", message, StringComparison.Ordinal);
        Assert.Contains("the roles Library.Manage", message, StringComparison.Ordinal);
        Assert.Contains("mde-lr doctor", message, StringComparison.Ordinal);
    }

    private const string ApiAudience = "https://api.securitycenter.microsoft.com";
}
