using System.Net;
using System.Text.Json;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Admin;

/// <summary>The /_emulator endpoints that drive an emulator running in another process.</summary>
public sealed class AdminEndpointTests
{
    [Fact]
    public async Task Devices_library_faults_and_actions_can_be_driven_over_HTTP()
    {
        await using TestEmulator emulator = await StartAsync();
        HttpClient admin = emulator.Anonymous;

        (HttpResponseMessage response, JsonElement info) = await emulator.SendAsync(admin, HttpMethod.Get, "_emulator");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(emulator.Host.StorageBaseAddress.AbsoluteUri, info.GetProperty("storageBaseAddress").GetString());

        (response, _) = await emulator.SendAsync(admin, HttpMethod.Post, "_emulator/devices", JsonBody("""{"id":"lab-1","computerDnsName":"lab-1.contoso.local","files":{"C:\\x.txt":"aGVsbG8="}}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(emulator.Host.State.Devices, d => d.Id == "lab-1");
        (response, _) = await emulator.SendAsync(admin, HttpMethod.Post, "_emulator/library", JsonBody("""{"fileName":"admin.ps1","text":"# emulator.exit-code: 5\n"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        string id = await emulator.RunAsync(RunBody(RunScript("admin.ps1"), GetFile(@"C:\x.txt")), "lab-1");
        emulator.Time.Advance(Pending + (2 * CommandTime));
        Assert.Equal("hello", System.Text.Encoding.UTF8.GetString(Gunzip(await emulator.Anonymous.GetByteArrayAsync(await emulator.GetLinkAsync(id, 1)))));

        (response, JsonElement actions) = await emulator.SendAsync(admin, HttpMethod.Get, "_emulator/actions");
        Assert.Equal("Succeeded", Status(actions.GetProperty("value")[0]));

        (response, JsonElement added) = await emulator.SendAsync(admin, HttpMethod.Post, "_emulator/faults", JsonBody("""{"route":"ListLibraryFiles","kind":"ServerError","statusCode":502}"""));
        Assert.True(response.StatusCode == HttpStatusCode.Created, added.ToString());
        Assert.Equal(HttpStatusCode.BadGateway, (await emulator.GetAsync("api/libraryfiles")).Response.StatusCode);
        (_, JsonElement rules) = await emulator.SendAsync(admin, HttpMethod.Get, "_emulator/faults");
        Assert.Equal(added.GetProperty("id").GetString(), rules[0].GetProperty("id").GetString());
        (response, _) = await emulator.SendAsync(admin, HttpMethod.Delete, "_emulator/faults/" + added.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await emulator.GetAsync("api/libraryfiles")).Response.StatusCode);

        (response, _) = await emulator.SendAsync(admin, HttpMethod.Delete, "_emulator/library/admin.ps1");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Bad_admin_bodies_answer_400_with_the_reason()
    {
        await using TestEmulator emulator = await StartAsync();
        (HttpResponseMessage response, JsonElement error) = await emulator.SendAsync(emulator.Anonymous, HttpMethod.Post, "_emulator/faults", JsonBody("""{"route":"Nope","kind":"ServerError"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Unknown fault route", error.GetProperty("error").GetProperty("message").GetString());

        (response, _) = await emulator.SendAsync(emulator.Anonymous, HttpMethod.Post, "_emulator/library", JsonBody("""{"fileName":"x.ps1"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Admin_endpoints_can_be_switched_off()
    {
        await using TestEmulator emulator = await StartAsync(o => o.EnableAdminEndpoints = false);
        Assert.Equal(HttpStatusCode.NotFound, (await emulator.SendAsync(emulator.Anonymous, HttpMethod.Get, "_emulator/actions")).Response.StatusCode);
    }
}
