using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests.Library;

/// <summary>The live response library: multipart upload, list, delete, and scripts that are gone.</summary>
public sealed class LibraryTests
{
    [Fact]
    public async Task Upload_lists_the_file_refuses_a_duplicate_unless_told_and_delete_removes_it()
    {
        await using TestEmulator emulator = await StartAsync();
        (HttpResponseMessage response, JsonElement uploaded) = await UploadAsync(emulator, "collect.ps1", "# emulator.output: collected\n", ("Description", "Collects"), ("HasParameters", "true"), ("ParametersDescription", "-Path"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("collect.ps1", uploaded.GetProperty("fileName").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("# emulator.output: collected\n"u8)), uploaded.GetProperty("sha256").GetString());
        Assert.Equal("demo-app@emulator", uploaded.GetProperty("createdBy").GetString());
        Assert.Equal("-Path", uploaded.GetProperty("parametersDescription").GetString());
        Assert.Equal(["collect.ps1", "minidump.ps1"], await ListNamesAsync(emulator));

        (response, JsonElement error) = await UploadAsync(emulator, "collect.ps1", "other");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("OverrideIfExists", error.GetProperty("error").GetProperty("message").GetString());

        emulator.Time.Advance(TimeSpan.FromMinutes(1));
        (response, uploaded) = await UploadAsync(emulator, "collect.ps1", "other", ("OverrideIfExists", "true"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Start, uploaded.GetProperty("creationTime").GetDateTimeOffset());
        Assert.Equal(Start + TimeSpan.FromMinutes(1), uploaded.GetProperty("lastUpdatedTime").GetDateTimeOffset());

        (response, _) = await emulator.SendAsync(emulator.Api, HttpMethod.Delete, "api/libraryfiles/collect.ps1");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        (response, error) = await emulator.SendAsync(emulator.Api, HttpMethod.Delete, "api/libraryfiles/collect.ps1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFound", ErrorCode(error));
        Assert.Equal(["minidump.ps1"], await ListNamesAsync(emulator));
    }

    [Fact]
    public async Task An_uploaded_script_runs_and_a_deleted_one_fails_the_command()
    {
        await using TestEmulator emulator = await StartAsync();
        await UploadAsync(emulator, "hello.sh", "# emulator.output: hello from {script}\n");
        string id = await emulator.RunAsync(RunBody(RunScript("hello.sh")));
        emulator.Time.Advance(Pending + CommandTime);
        JsonElement transcript = JsonDocument.Parse(await emulator.Anonymous.GetStringAsync(await emulator.GetLinkAsync(id, 0))).RootElement;
        Assert.Equal("hello from hello.sh\n", transcript.GetProperty("script_output").GetString());

        await emulator.SendAsync(emulator.Api, HttpMethod.Delete, "api/libraryfiles/hello.sh");
        string failed = await emulator.RunAsync(RunBody(RunScript("hello.sh")));
        emulator.Time.Advance(Pending + CommandTime);
        Assert.Equal("Failed", Status(await emulator.GetActionAsync(failed)));
    }

    [Theory]
    [InlineData("bad name.ps1")]
    [InlineData("semi;colon.ps1")]
    public async Task Upload_refuses_names_the_library_does_not_allow(string name)
    {
        await using TestEmulator emulator = await StartAsync();
        (HttpResponseMessage response, JsonElement error) = await UploadAsync(emulator, name, "x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequestBody", ErrorCode(error));
    }

    [Fact]
    public async Task Upload_refuses_files_over_20MB_and_bodies_that_are_not_multipart()
    {
        await using TestEmulator emulator = await StartAsync();
        (HttpResponseMessage response, JsonElement error) = await UploadAsync(emulator, "big.bin", new string('x', (20 * 1024 * 1024) + 1));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("20MB", error.GetProperty("error").GetProperty("message").GetString());

        (response, error) = await emulator.PostAsync("api/libraryfiles", """{"File":"x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidRequestBody", ErrorCode(error));
    }

    internal static Task<(HttpResponseMessage Response, JsonElement Body)> UploadAsync(TestEmulator emulator, string fileName, string content, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        foreach ((string name, string value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return emulator.SendAsync(emulator.Api, HttpMethod.Post, "api/libraryfiles", form);
    }

    private static async Task<string[]> ListNamesAsync(TestEmulator emulator)
    {
        (_, JsonElement list) = await emulator.GetAsync("api/libraryfiles");
        return [.. list.GetProperty("value").EnumerateArray().Select(f => f.GetProperty("fileName").GetString()!)];
    }
}
