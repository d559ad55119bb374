using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mde.Bindings.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Standalone;

namespace Mde.Bindings.Emulator.Tests.Standalone;

/// <summary>The standalone emulator's <c>--app</c>: apps with chosen roles (none included) beside the demo app.</summary>
public sealed class StandaloneAppOptionTests
{
    [Fact]
    public async Task Apps_given_on_the_command_line_get_tokens_with_their_roles_and_their_secrets_are_not_printed()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        HttpStatusCode readerStatus = 0, bareStatus = 0;
        int exitCode = await StandaloneCommandLine.RunAsync(["--port", "0", "--app", "reader:s3cret-r:Machine.Read.All", "--app", "bare:s3cret-b:"], output, error, async () =>
        {
            var api = new Uri(output.ToString().Split('\n').First(l => l.StartsWith("API:", StringComparison.Ordinal))["API:".Length..].Trim());
            readerStatus = await GetMachineAsync(api, "reader", "s3cret-r");
            bareStatus = await GetMachineAsync(api, "bare", "s3cret-b");
        });

        Assert.True(exitCode == 0, error.ToString());
        Assert.Equal(HttpStatusCode.OK, readerStatus);
        Assert.Equal(HttpStatusCode.Forbidden, bareStatus);
        Assert.Contains("App:           reader, roles Machine.Read.All", output.ToString());
        Assert.Contains("App:           bare, roles (none)", output.ToString());
        Assert.DoesNotContain("s3cret", output.ToString());
    }

    [Theory]
    [InlineData("reader", "has no ':'")]
    [InlineData("reader:s3cret", "no roles part")]
    [InlineData(":s:Machine.Read.All", "no client id")]
    [InlineData("reader::Machine.Read.All", "empty secret")]
    public async Task A_malformed_app_is_one_line_on_stderr_and_exit_code_2(string app, string expected)
    {
        var error = new StringWriter();
        int exitCode = await StandaloneCommandLine.RunAsync(["--port", "0", "--app", app], new StringWriter(), error, () => Task.CompletedTask);

        Assert.Equal(StandaloneCommandLine.UsageExitCode, exitCode);
        Assert.Contains(expected, error.ToString());
        Assert.Single(error.ToString().TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task An_app_with_the_demo_apps_client_id_is_refused()
    {
        var error = new StringWriter();
        int exitCode = await StandaloneCommandLine.RunAsync(["--port", "0", "--app", $"{EmulatorTokenSource.DemoClientId}:x:"], new StringWriter(), error, () => Task.CompletedTask);

        Assert.Equal(StandaloneCommandLine.UsageExitCode, exitCode);
        Assert.Contains("Two apps have the client id", error.ToString());
    }

    private static async Task<HttpStatusCode> GetMachineAsync(Uri api, string clientId, string secret)
    {
        var tokens = new EmulatorTokenSource(EmulatorTokenSource.TokenEndpointFor(api), clientId, secret);
        MdeAccessToken token = await tokens.GetTokenAsync(EmulatorHost.Audience, false, default);
        using var http = new HttpClient { BaseAddress = api };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/machines/demo-device");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        using HttpResponseMessage response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
