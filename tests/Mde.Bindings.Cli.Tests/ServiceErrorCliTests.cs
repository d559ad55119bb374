using System.Net;
using System.Text;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Library;
using Refit;

namespace Mde.Bindings.Cli.Tests;

/// <summary><c>mde-lr</c> shows the service's error text cleanly, with the correlation id to quote to support.</summary>
public sealed class ServiceErrorCliTests
{
    [Fact]
    public async Task A_busy_device_names_the_running_action_the_services_text_and_the_correlation_id()
    {
        // The emulator answers as microsoft-365-docs issue 5908 reports: 400 ActiveRequestAlreadyExists,
        // "Action is already in progress", with a GUID target as in the docs' common-errors examples. A stuck action
        // blocks every later one on the device (elastic/kibana issue 226775); the text does not name it, so the
        // tool finds it by listing the device's Pending and InProgress actions.
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o =>
            o.LibraryFiles.Add(new EmulatedLibraryFile("hang.ps1", Encoding.UTF8.GetBytes("# emulator.outcome: hang\n"))));
        using HttpClient api = emulator.CreateApiClient();
        using HttpResponseMessage first = await api.PostAsync(
            $"api/machines/{EmulatorOptions.DemoDeviceId}/runliveresponse",
            new StringContent("""{"Commands":[{"type":"RunScript","params":[{"key":"ScriptName","value":"hang.ps1"}]}],"Comment":"first"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        string running = emulator.State.MachineActions.Single().Id;

        CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machine", EmulatorOptions.DemoDeviceId, "--script", EmulatorOptions.DemoScriptName]);

        Assert.True(run.ExitCode == ExitCodes.ApiError, run.ToString());
        Assert.Contains(running, run.Error, StringComparison.Ordinal);
        Assert.Matches(@"ActiveRequestAlreadyExists: Action is already in progress \(correlation id [0-9a-f-]{36}\)", run.Error);
    }

    [Fact]
    public async Task An_HTML_page_inside_the_error_message_is_printed_as_its_text_with_the_correlation_id()
    {
        // Messages holding text/html are parsed as HTML and their title dropped by the Splunk SOAR connector
        // (splunk-soar-connectors/windowsdefenderatp microsoftdefenderforendpoint_connector.py, _process_json_response);
        // the body is tests/TestData/peer-payloads/error-html-message.constructed.json.
        const string body = """{"error":{"code":"InternalServerError","message":"<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"/><title>Service Unavailable</title></head><body><h2>The service is temporarily unavailable.</h2><p>Try again later &amp; quote the correlation id.</p></body></html>","target":"9b7c1d2e-4f5a-4b6c-8d7e-0f1a2b3c4d5e"}}""";
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.security.microsoft.com/api/machineactions/a1");
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, "application/json") };
        ApiException error = await ApiException.Create(request, HttpMethod.Get, response, new RefitSettings());

        (int exitCode, string message) = ErrorReporter.Describe(error, _ => null);

        Assert.Equal(ExitCodes.ApiError, exitCode);
        Assert.StartsWith("The API answered 500 InternalServerError: The service is temporarily unavailable. Try again later & quote the correlation id. (correlation id 9b7c1d2e-4f5a-4b6c-8d7e-0f1a2b3c4d5e).", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", message, StringComparison.Ordinal);
    }
}
