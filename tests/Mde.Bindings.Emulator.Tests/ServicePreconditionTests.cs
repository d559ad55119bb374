using System.Net;
using System.Text;
using System.Text.Json;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Library;
using Mde.Bindings.Emulator.Protocol;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests;

/// <summary>
/// What the service refuses before a live response run starts, and the device facts a caller checks first: missing
/// roles, a device group without an automation level or with live response off, unsigned scripts, GetMachine.
/// </summary>
public sealed class ServicePreconditionTests
{
    [Fact]
    public async Task Every_operation_refuses_a_token_without_roles_with_the_services_text_and_takes_each_of_its_roles()
    {
        await using TestEmulator emulator = await StartAsync();
        foreach (EndpointDescription endpoint in LiveResponseApiDescription.All.Where(e => e.Name != nameof(LiveResponseApiDescription.GetPackageUri)))
        {
            string path = SamplePath(endpoint);
            MdeBindingsToken none = new(emulator.Host.IssueAccessToken(new EmulatorApp("no-roles", "s", [])).Value);
            (HttpStatusCode status, JsonElement body) = await SendAsync(emulator, endpoint, path, none);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("Forbidden", ErrorCode(body));

            // The service's text: Azure/Azure-Sentinel issue 13457 and pull request 14672 ("Missing application roles.
            // API required roles: Machine.Read.All,Machine.ReadWrite.All, application roles: Machine.Isolate.").
            Assert.Equal(
                $"Missing application roles. API required roles: {string.Join(",", endpoint.ApplicationPermissions)}, application roles: .",
                body.GetProperty("error").GetProperty("message").GetString());

            foreach (string role in endpoint.ApplicationPermissions)
            {
                MdeBindingsToken one = new(emulator.Host.IssueAccessToken(new EmulatorApp("one-role", "s", [role])).Value);
                (status, _) = await SendAsync(emulator, endpoint, path, one);
                Assert.NotEqual(HttpStatusCode.Forbidden, status);
                Assert.NotEqual(HttpStatusCode.Unauthorized, status);
            }
        }
    }

    [Fact]
    public async Task A_refusal_names_the_roles_the_token_has()
    {
        await using TestEmulator emulator = await StartAsync();
        MdeBindingsToken isolate = new(emulator.Host.IssueAccessToken(new EmulatorApp("isolate", "s", ["Machine.Isolate", "Alert.Read.All"])).Value);
        (HttpStatusCode status, JsonElement body) = await SendAsync(emulator, LiveResponseApiDescription.GetMachine, "api/machines/demo-device", isolate);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(
            "Missing application roles. API required roles: Machine.Read.All,Machine.ReadWrite.All, application roles: Machine.Isolate,Alert.Read.All.",
            body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused_with_403_whatever_its_roles()
    {
        // microsoft-365-docs issue 9246: a token whose aud is not the API's is answered 403.
        await using TestEmulator emulator = await StartAsync();
        MdeBindingsToken graph = new(emulator.Host.IssueAccessToken(EmulatorApp.Demo, "https://graph.microsoft.com").Value);
        (HttpStatusCode status, JsonElement body) = await SendAsync(emulator, LiveResponseApiDescription.GetMachine, "api/machines/demo-device", graph);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("Forbidden", ErrorCode(body));
    }

    [Fact]
    public async Task A_token_of_an_app_without_roles_has_no_roles_claim_as_Entra_ID_issues_it()
    {
        await using TestEmulator emulator = await StartAsync();
        string token = emulator.Host.IssueAccessToken(new EmulatorApp("no-roles", "s", [])).Value;
        using JsonDocument claims = JsonDocument.Parse(Convert.FromBase64String(Pad(token.Split('.')[1])));
        Assert.False(claims.RootElement.TryGetProperty("roles", out _));
        Assert.Equal(EmulatorHost.Audience, claims.RootElement.GetProperty("aud").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(AutomationLevel.NoAutomatedResponse)]
    public async Task A_device_group_without_an_automation_level_refuses_live_response_with_the_services_answer(AutomationLevel? level)
    {
        var group = new EmulatedDeviceGroup(140, "The-A-Team") { AutomationLevel = level };
        await using TestEmulator emulator = await StartAsync(o => o.Devices.Add(new EmulatedDevice("lab-1", "lab-1.contoso.local") { Group = group }));

        (HttpResponseMessage response, JsonElement body) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, "api/machines/lab-1/runliveresponse", JsonBody(RunBody(RunScript("minidump.ps1"))));

        // microsoft-365-docs issue 6054 gives the code and text; common-errors.md maps DisallowedOperation to 403.
        // "No automated response" is the level once shown as "Not protected", which live response refuses
        // (windows-itpro-docs pull requests 6510 and 5703).
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("DisallowedOperation", ErrorCode(body));
        Assert.Equal(
            "This device has no automation level assigned to it. You'll need to at least enable the minimum Remediation Level for a given Device Group.",
            body.GetProperty("error").GetProperty("message").GetString());
        Assert.Empty(emulator.Host.State.MachineActions);
    }

    [Fact]
    public async Task A_device_group_with_live_response_off_refuses_it_as_a_disabled_feature_and_other_groups_run()
    {
        var off = new EmulatedDeviceGroup(7, "Servers") { LiveResponseEnabled = false };
        await using TestEmulator emulator = await StartAsync(o => o.Devices.Add(new EmulatedDevice("srv-1", "srv-1.contoso.local") { Group = off }));

        (HttpResponseMessage response, JsonElement body) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, "api/machines/srv-1/runliveresponse", JsonBody(RunBody(RunScript("minidump.ps1"))));

        // common-errors.md: DisabledFeature, 403, a tenant feature that is not turned on (the text is the emulator's).
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("DisabledFeature", ErrorCode(body));
        Assert.Contains("Advanced features", body.GetProperty("error").GetProperty("message").GetString());
        Assert.NotNull(await emulator.RunAsync(RunBody(RunScript("minidump.ps1"))));
    }

    [Fact]
    public async Task With_unsigned_scripts_off_an_unsigned_PowerShell_script_fails_on_the_device_and_a_signed_one_runs()
    {
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.AllowUnsignedScripts = false;
            o.LibraryFiles.Add(new EmulatedLibraryFile("signed.ps1", Encoding.UTF8.GetBytes("Write-Output 'hi'\n# SIG # Begin signature block\n# MIIb...\n# SIG # End signature block\n")));
        });

        string unsigned = await emulator.RunAsync(RunBody(RunScript("minidump.ps1")));
        emulator.Time.Advance(TimeSpan.FromMinutes(2));
        JsonElement refused = await emulator.GetActionAsync(unsigned);
        string signed = await emulator.RunAsync(RunBody(RunScript("signed.ps1")));
        emulator.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal("Failed", Status(refused));
        // PowerShell's own refusal (as users quote it, e.g. MilestoneSystemsInc/PowerShellSamples issue 94): the run is
        // accepted and the command fails on the device; live response's signature check applies to PowerShell only.
        Assert.Contains("is not digitally signed", refused.GetProperty("commands")[0].GetProperty("errors")[0].GetString());
        Assert.Equal("Succeeded", Status(await emulator.GetActionAsync(signed)));
    }

    [Fact]
    public async Task GetMachine_answers_the_device_as_the_docs_and_a_recorded_answer_show_it()
    {
        DateTimeOffset lastSeen = Start - TimeSpan.FromDays(3);
        var group = new EmulatedDeviceGroup(140, "The-A-Team");
        await using TestEmulator emulator = await StartAsync(o => o.Devices.Add(new EmulatedDevice("lab-1", "lab-1.contoso.local")
        {
            Group = group,
            HealthStatus = "Inactive",
            LastSeen = lastSeen,
        }));

        (HttpResponseMessage response, JsonElement machine) = await emulator.GetAsync("api/machines/lab-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("lab-1", machine.GetProperty("id").GetString());
        Assert.Equal("lab-1.contoso.local", machine.GetProperty("computerDnsName").GetString());
        Assert.Equal("Inactive", machine.GetProperty("healthStatus").GetString());
        Assert.Equal("Onboarded", machine.GetProperty("onboardingStatus").GetString());
        Assert.Equal(lastSeen, machine.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(140, machine.GetProperty("rbacGroupId").GetInt64());
        Assert.Equal("The-A-Team", machine.GetProperty("rbacGroupName").GetString());
        Assert.EndsWith("/api/$metadata#Machines/$entity", machine.GetProperty("@odata.context").GetString());

        // By computer name too (get-machine-by-id.md: "by its device ID or computer name"); 404 as documented.
        (response, machine) = await emulator.GetAsync("api/machines/lab-1.contoso.local");
        Assert.Equal("lab-1", machine.GetProperty("id").GetString());
        (response, JsonElement missing) = await emulator.GetAsync("api/machines/nope");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFound", ErrorCode(missing));
    }

    [Fact]
    public async Task The_admin_endpoint_sets_a_devices_group_and_health()
    {
        await using TestEmulator emulator = await StartAsync();
        using HttpResponseMessage added = await emulator.Anonymous.PostAsync("_emulator/devices", JsonBody(
            """{"id":"lab-2","computerDnsName":"lab-2.local","healthStatus":"NoSensorData","group":{"id":9,"name":"Lab","automationLevel":"None","liveResponseEnabled":true}}"""));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        EmulatedDevice device = emulator.Host.State.Devices.Single(d => d.Id == "lab-2");
        Assert.Equal("NoSensorData", device.HealthStatus);
        Assert.Null(device.Group.AutomationLevel);
        Assert.Equal("Lab", device.Group.Name);

        using HttpResponseMessage bad = await emulator.Anonymous.PostAsync("_emulator/devices", JsonBody(
            """{"id":"lab-3","computerDnsName":"lab-3.local","group":{"id":9,"name":"Lab","automationLevel":"Sometimes"}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(TestEmulator emulator, EndpointDescription endpoint, string path, MdeBindingsToken token)
    {
        HttpContent? content = endpoint.Method == "POST"
            ? JsonBody(endpoint.Name == nameof(LiveResponseApiDescription.RunLiveResponse) ? RunBody(RunScript("minidump.ps1")) : """{"Comment":"test"}""")
            : null;
        using HttpRequestMessage request = WithBearer(new HttpRequestMessage(new HttpMethod(endpoint.Method), path) { Content = content }, token.Value);
        using HttpResponseMessage response = await emulator.Anonymous.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    // A path on the endpoint's template with made-up ids: the role check comes before any lookup.
    private static string SamplePath(EndpointDescription endpoint) => endpoint.PathTemplate.TrimStart('/')
        .Replace("{machineId}", "demo-device", StringComparison.Ordinal)
        .Replace("{machineActionId}", "00000000-0000-0000-0000-000000000000", StringComparison.Ordinal)
        .Replace("{commandIndex}", "0", StringComparison.Ordinal)
        .Replace("{fileName}", "nothing.ps1", StringComparison.Ordinal);

    private static string Pad(string base64Url)
    {
        string text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

    private sealed record MdeBindingsToken(string Value);
}
