using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Faults;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.LiveResponse;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Library;

/// <summary>
/// The library upload is outside the spec; the emulator serves it as the client describes it
/// (LiveResponseClient.UploadLibraryFile and MaxLibraryFileBytes): path, method, permission, rate limits, size limit
/// and fault route name come from that one description.
/// Source of the figures: MicrosoftDocs/defender-docs defender-endpoint/api/upload-library.md @02787177.
/// </summary>
public sealed class LibraryUploadContractTests
{
    private static EndpointDescription Upload => LiveResponseClient.UploadLibraryFile;

    [Fact]
    public void The_description_holds_the_documented_operation()
    {
        Assert.Equal(("POST", "/api/libraryfiles"), (Upload.Method, Upload.PathTemplate));
        Assert.Equal(["Library.Manage"], Upload.ApplicationPermissions);
        Assert.Equal(["Library.Manage"], Upload.DelegatedPermissions);
        Assert.Equal([new RateLimitWindow(100, TimeSpan.FromMinutes(1)), new RateLimitWindow(1500, TimeSpan.FromHours(1))], Upload.Limits);
        Assert.Equal(20L * 1024 * 1024, LiveResponseClient.MaxLibraryFileBytes);
        Assert.Equal(EmulatorRoutes.UploadLibraryFile, Upload.Name);
    }

    [Fact]
    public async Task Only_a_token_with_one_of_the_described_permissions_may_upload()
    {
        var without = new EmulatorApp("no-library", "secret-1", [.. EmulatorApp.AllRoles.Where(r => !Upload.ApplicationPermissions.Contains(r))], "no-library@emulator");
        var with = new EmulatorApp("library-only", "secret-2", [Upload.ApplicationPermissions[0]], "library-only@emulator");
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.Apps.Add(without);
            o.Apps.Add(with);
        });

        using HttpClient refused = emulator.Host.CreateApiClient(without);
        (HttpResponseMessage response, JsonElement body) = await emulator.SendAsync(refused, HttpMethod.Post, Upload.PathTemplate.TrimStart('/'), Form("a.ps1", [1]));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(Upload.ApplicationPermissions[0], body.GetProperty("error").GetProperty("message").GetString());

        using HttpClient allowed = emulator.Host.CreateApiClient(with);
        (response, _) = await emulator.SendAsync(allowed, HttpMethod.Post, Upload.PathTemplate.TrimStart('/'), Form("a.ps1", [1]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_described_minute_window_is_enforced_with_429()
    {
        await using TestEmulator emulator = await StartAsync();
        RateLimitWindow minute = Upload.Limits.Single(l => l.Window == TimeSpan.FromMinutes(1));
        for (int i = 0; i < minute.PermitLimit; i++)
        {
            (HttpResponseMessage ok, _) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, Upload.PathTemplate.TrimStart('/'), Form($"f{i}.txt", [1]));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        (HttpResponseMessage response, JsonElement error) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, Upload.PathTemplate.TrimStart('/'), Form("one-more.txt", [1]));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("TooManyRequests", ErrorCode(error));
    }

    [Fact]
    public async Task A_file_of_the_described_size_is_taken_and_one_byte_more_is_refused()
    {
        await using TestEmulator emulator = await StartAsync();
        (HttpResponseMessage response, _) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, "api/libraryfiles", Form("max.bin", new byte[LiveResponseClient.MaxLibraryFileBytes]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        (response, JsonElement error) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, "api/libraryfiles", Form("over.bin", new byte[LiveResponseClient.MaxLibraryFileBytes + 1]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequestBody", ErrorCode(error));
    }

    [Fact]
    public async Task A_fault_rule_on_the_upload_route_name_hits_the_upload()
    {
        await using TestEmulator emulator = await StartAsync();
        emulator.Host.Faults.Add(new FaultRule { Route = EmulatorRoutes.UploadLibraryFile, Kind = FaultKind.ServerError, StatusCode = 503, Count = 1 });

        (HttpResponseMessage response, _) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, "api/libraryfiles", Form("a.ps1", [1]));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        (response, _) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, "api/libraryfiles", Form("a.ps1", [1]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("collect-logs_v2.ps1")]
    [InlineData("bad name.ps1")]
    [InlineData("semi;colon.ps1")]
    [InlineData("umlaut-\u00fc.ps1")]
    public async Task The_emulator_takes_exactly_the_names_the_client_lets_through(string name)
    {
        await using TestEmulator emulator = await StartAsync();
        bool clientAllows = LibraryFileName.Problem(name) is null;

        (HttpResponseMessage response, _) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, "api/libraryfiles", Form(name, [1]));

        Assert.Equal(clientAllows ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("File")]
    public async Task The_file_field_is_read_in_the_curl_example_s_spelling_and_the_field_table_s(string field)
    {
        await using TestEmulator emulator = await StartAsync();
        var form = new MultipartFormDataContent { { new ByteArrayContent([1]), field, "spelled.ps1" }, { new StringContent("spelled"), "Description" } };

        (HttpResponseMessage response, JsonElement uploaded) = await emulator.SendAsync(emulator.Api, HttpMethod.Post, "api/libraryfiles", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("spelled.ps1", "spelled"), (uploaded.GetProperty("fileName").GetString(), uploaded.GetProperty("description").GetString()));
    }

    private static MultipartFormDataContent Form(string fileName, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }
}
