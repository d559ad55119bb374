using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Mde.Bindings.Auth;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Emulator.Tests;

/// <summary>An emulator on a fake clock, with a client that holds the demo app's token and one that holds none.</summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan Pending = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan CommandTime = TimeSpan.FromSeconds(30);

    private TestEmulator(FakeTimeProvider time, EmulatorHost host)
    {
        Time = time;
        Host = host;
        Api = host.CreateApiClient();
        Anonymous = new HttpClient { BaseAddress = host.ApiBaseAddress };
    }

    public FakeTimeProvider Time { get; }

    public EmulatorHost Host { get; }

    /// <summary>Authorized through the runtime's BearerTokenHandler with the demo app's tokens.</summary>
    public HttpClient Api { get; }

    /// <summary>No token: for storage downloads and unauthorized calls.</summary>
    public HttpClient Anonymous { get; }

    public static async Task<TestEmulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(Start);
        var options = new EmulatorOptions { TimeProvider = time, PendingDuration = Pending, CommandDuration = CommandTime, FaultRandomSeed = 7 };
        configure?.Invoke(options);
        return new TestEmulator(time, await EmulatorHost.StartAsync(options));
    }

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static string RunBody(params string[] commands) => $$"""{"Commands":[{{string.Join(',', commands)}}],"Comment":"test run"}""";

    public static string RunScript(string script, string? args = null) =>
        args is null
            ? $$"""{"type":"RunScript","params":[{"key":"ScriptName","value":"{{script}}"}]}"""
            : $$"""{"type":"RunScript","params":[{"key":"ScriptName","value":"{{script}}"},{"key":"Args","value":"{{args}}"}]}""";

    public static string GetFile(string path) => $$"""{"type":"GetFile","params":[{"key":"Path","value":"{{path.Replace("\\", "\\\\")}}"}]}""";

    public static string PutFile(string fileName) => $$"""{"type":"PutFile","params":[{"key":"FileName","value":"{{fileName}}"}]}""";

    public async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        JsonElement body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response, body);
    }

    public Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(string path) => SendAsync(Api, HttpMethod.Get, path);

    public Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, string json) => SendAsync(Api, HttpMethod.Post, path, JsonBody(json));

    /// <summary>Starts a run and returns the new action's id (asserting the 201).</summary>
    public async Task<string> RunAsync(string body, string machineId = EmulatorOptions.DemoDeviceId)
    {
        (HttpResponseMessage response, JsonElement action) = await PostAsync($"api/machines/{machineId}/runliveresponse", body);
        Assert.Equal(201, (int)response.StatusCode);
        return action.GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> GetActionAsync(string id)
    {
        (HttpResponseMessage response, JsonElement action) = await GetAsync($"api/machineactions/{id}");
        Assert.Equal(200, (int)response.StatusCode);
        return action;
    }

    /// <summary>Gets the result link of a command and asserts the 200.</summary>
    public async Task<Uri> GetLinkAsync(string id, int index)
    {
        (HttpResponseMessage response, JsonElement body) = await GetAsync($"api/machineactions/{id}/GetLiveResponseResultDownloadLink(index={index})");
        Assert.Equal(200, (int)response.StatusCode);
        return new Uri(body.GetProperty("value").GetString()!);
    }

    public static string Status(JsonElement action) => action.GetProperty("status").GetString()!;

    public static string[] CommandStatuses(JsonElement action) =>
        [.. action.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("commandStatus").GetString()!)];

    public static string ErrorCode(JsonElement body) => body.GetProperty("error").GetProperty("code").GetString()!;

    public static HttpRequestMessage WithBearer(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>Runs the commands (the demo script when none) and moves the clock past their end; returns the action id.</summary>
    public async Task<string> CompletedRunAsync(params string[] commands)
    {
        string id = await RunAsync(RunBody(commands.Length == 0 ? [RunScript("minidump.ps1", "x")] : commands));
        Time.Advance(Pending + (Math.Max(1, commands.Length) * CommandTime));
        return id;
    }

    /// <summary>A token of <paramref name="app"/> from the emulator's token endpoint.</summary>
    public async Task<string> TokenAsync(EmulatorApp app)
    {
        IAccessTokenSource tokens = Host.CreateTokenSource(app);
        return (await tokens.GetTokenAsync(EmulatorHost.Audience, false, default)).Value;
    }

    /// <summary>The content of a GetFile result, which storage serves gzipped; fails when it is not gzip.</summary>
    public static byte[] Gunzip(byte[] gzip)
    {
        Assert.True(gzip.Length > 2 && gzip[0] == 0x1f && gzip[1] == 0x8b, "The content does not start with the gzip signature 1f 8b.");
        using var output = new MemoryStream();
        using (var decompress = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress))
        {
            decompress.CopyTo(output);
        }

        return output.ToArray();
    }

    public static string DocsExample(string name) => DocsExamples.Read(name);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Anonymous.Dispose();
        await Host.DisposeAsync();
    }
}
