using System.Net;
using System.Text.Json;
using Mde.Bindings.Auth;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.LiveResponse;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Auth;

/// <summary>Tokens: issued by the emulator, checked on every call: none or a bad one is 401, a missing role is 403.</summary>
public sealed class AuthTests
{
    private static readonly EmulatorApp Reader = new("reader-app", "reader-secret", ["Machine.ReadWrite.All"], "reader@emulator");

    [Fact]
    public async Task No_token_or_a_forged_one_answers_401_with_the_documented_body()
    {
        await using TestEmulator emulator = await StartAsync();
        (HttpResponseMessage response, JsonElement body) = await emulator.SendAsync(emulator.Anonymous, HttpMethod.Get, "api/machineactions");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Unauthorized", ErrorCode(body));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);

        string token = await emulator.TokenAsync(EmulatorApp.Demo);
        string forged = token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using HttpRequestMessage request = WithBearer(new HttpRequestMessage(HttpMethod.Get, "api/machineactions"), forged);
        using HttpResponseMessage forgedResponse = await emulator.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedResponse.StatusCode);
    }

    [Fact]
    public async Task An_expired_token_answers_401()
    {
        await using TestEmulator emulator = await StartAsync();
        string token = await emulator.TokenAsync(EmulatorApp.Demo);
        emulator.Time.Advance(TimeSpan.FromHours(1));

        using HttpRequestMessage request = WithBearer(new HttpRequestMessage(HttpMethod.Get, "api/machineactions"), token);
        using HttpResponseMessage response = await emulator.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_token_without_the_endpoints_permission_answers_403_and_one_listed_role_suffices()
    {
        await using TestEmulator emulator = await StartAsync(o => o.Apps.Add(Reader));
        using HttpClient reader = emulator.Host.CreateApiClient(Reader);

        (HttpResponseMessage response, JsonElement body) = await emulator.SendAsync(reader, HttpMethod.Post, "api/machines/demo-device/runliveresponse", JsonBody(RunBody(RunScript("minidump.ps1"))));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Forbidden", ErrorCode(body));
        Assert.Contains("Machine.LiveResponse", body.GetProperty("error").GetProperty("message").GetString());

        (response, _) = await emulator.SendAsync(reader, HttpMethod.Get, "api/libraryfiles");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        (response, _) = await emulator.SendAsync(reader, HttpMethod.Get, "api/machineactions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Token_endpoint_refuses_a_wrong_secret_and_a_foreign_scope()
    {
        await using TestEmulator emulator = await StartAsync();
        var tokens = new EmulatorTokenSource(emulator.Host.TokenEndpoint, EmulatorApp.Demo.ClientId, "wrong-secret", timeProvider: emulator.Time);
        MdeAuthenticationException wrongSecret = await Assert.ThrowsAsync<MdeAuthenticationException>(() => tokens.GetTokenAsync(EmulatorHost.Audience, false, default));
        Assert.Equal("invalid_client", wrongSecret.ErrorCode);
        Assert.DoesNotContain("wrong-secret", wrongSecret.Message);

        var demo = emulator.Host.CreateTokenSource();
        MdeAuthenticationException wrongScope = await Assert.ThrowsAsync<MdeAuthenticationException>(() => demo.GetTokenAsync("https://graph.microsoft.com", false, default));
        Assert.Equal("invalid_scope", wrongScope.ErrorCode);
    }

    // The windowsatpservice forms: Microsoft's app-context token examples and Kibana's Defender connector default use
    // https://securitycenter.onmicrosoft.com/windowsatpservice/.default; demisto/content's MicrosoftApiModule.py uses it
    // for GCC and the .us form for GCC High and DoD (see docs/authentication.md).
    [Theory]
    [InlineData("https://api.securitycenter.microsoft.com")]
    [InlineData("https://securitycenter.onmicrosoft.com/windowsatpservice")]
    [InlineData("https://securitycenter.onmicrosoft.us/windowsatpservice")]
    [InlineData("https://SecurityCenter.onmicrosoft.com/windowsatpservice/")]
    public async Task Each_known_scope_form_gets_a_token_the_api_accepts(string audience)
    {
        await using TestEmulator emulator = await StartAsync();
        IAccessTokenSource tokens = emulator.Host.CreateTokenSource();
        string token = (await tokens.GetTokenAsync(audience, false, default)).Value;

        using HttpRequestMessage request = WithBearer(new HttpRequestMessage(HttpMethod.Get, "api/machineactions"), token);
        using HttpResponseMessage response = await emulator.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_scope_that_is_not_a_default_scope_or_names_another_service_is_refused()
    {
        await using TestEmulator emulator = await StartAsync();
        foreach (string scope in new[] { "https://securitycenter.onmicrosoft.com/windowsatpservice", "https://securitycenter.onmicrosoft.com/.default", "https://api-gov.securitycenter.microsoft.us/.default" })
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = EmulatorApp.Demo.ClientId,
                ["client_secret"] = EmulatorApp.Demo.ClientSecret,
                ["scope"] = scope,
            });
            using HttpResponseMessage response = await emulator.Anonymous.PostAsync(emulator.Host.TokenEndpoint, form);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("invalid_scope", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Token_source_caches_until_near_expiry_and_refreshes_on_demand()
    {
        await using TestEmulator emulator = await StartAsync();
        IAccessTokenSource tokens = emulator.Host.CreateTokenSource();
        MdeAccessToken first = await tokens.GetTokenAsync(EmulatorHost.Audience, false, default);

        Assert.Same(first, await tokens.GetTokenAsync(EmulatorHost.Audience, false, default));
        Assert.NotEqual(first.Value, (await tokens.GetTokenAsync(EmulatorHost.Audience, true, default)).Value);
        Assert.Equal(Start + TimeSpan.FromHours(1), first.ExpiresOn);
        Assert.DoesNotContain(first.Value, first.ToString());
    }

    [Fact]
    public async Task The_generated_client_with_the_runtime_bearer_handler_runs_the_whole_job_against_the_emulator()
    {
        await using TestEmulator emulator = await StartAsync();
        ILiveResponseApi api = Refit.RestService.For<ILiveResponseApi>(emulator.Api);

        MachineAction started = await api.RunLiveResponseAsync(EmulatorOptions.DemoDeviceId, new RunLiveResponseRequest
        {
            Commands = [new LiveResponseCommand
            {
                Type = LiveResponseCommandType.RunScript,
                Params = [new LiveResponseCommandParam { Key = "ScriptName", Value = "minidump.ps1" }, new LiveResponseCommandParam { Key = "Args", Value = "lsass" }],
            }],
            Comment = "typed client",
        });
        Assert.Equal(MachineActionStatus.Pending, started.Status);
        emulator.Time.Advance(Pending + CommandTime);
        Assert.Equal(MachineActionStatus.Succeeded, (await api.GetMachineActionAsync(started.Id)).Status);

        Mde.Bindings.DownloadLink<LiveResponseTranscript> link = await api.GetLiveResponseResultDownloadLinkAsync(started.Id, 0);
        Assert.Equal(emulator.Time.GetUtcNow() + TimeSpan.FromMinutes(30), link.ExpiresAt);
        // Same client for the storage host: the bearer handler must not send the token there, or storage answers 403.
        using HttpResponseMessage download = await emulator.Api.GetAsync(link.Uri);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        LiveResponseTranscript transcript = JsonSerializer.Deserialize(await download.Content.ReadAsStringAsync(), LiveResponseJsonContext.Default.LiveResponseTranscript)!;
        Assert.Contains(@"C:\windows\TEMP\lsass.dmp.zip", transcript.ScriptOutput);

        IReadOnlyList<MachineAction> listed = await api.ListMachineActionsAsync("status eq 'Succeeded'", 10, null);
        Assert.Equal(started.Id, Assert.Single(listed).Id);
    }
}
