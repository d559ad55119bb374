using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Mde.Bindings.Emulator.Tests;

/// <summary>The emulator as its own process: <c>dotnet Mde.Bindings.Emulator.dll --port 0</c>, as a developer runs it.</summary>
public sealed class StandaloneProcessTests
{
    [Fact]
    public async Task The_standalone_emulator_prints_its_addresses_and_credentials_and_serves_the_demo()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Mde.Bindings.Emulator.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { dll, "--port", "0", "--storage-port", "0" })
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)!;
        try
        {
            var printed = new Dictionary<string, string>(StringComparer.Ordinal);
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(ready.Token) is { } line && !line.StartsWith("Ready", StringComparison.Ordinal))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                printed[line[..colon]] = line[(colon + 1)..].Trim();
            }

            if (process.HasExited)
            {
                Assert.Fail("The emulator exited: " + await process.StandardError.ReadToEndAsync());
            }

            var apiBase = new Uri(printed["API"]);
            Assert.NotEqual(apiBase.Port, new Uri(printed["Storage"]).Port);

            using var tokens = new Mde.Bindings.Auth.EmulatorTokenSource(new Uri(printed["Token"]), printed["Client id"], printed["Client secret"]);
            using var bearer = new Mde.Bindings.Auth.BearerTokenHandler(tokens, apiBase, EmulatorHost.Audience) { InnerHandler = new SocketsHttpHandler() };
            using var api = new HttpClient(bearer) { BaseAddress = apiBase };
            using HttpResponseMessage run = await api.PostAsync("api/machines/demo-device/runliveresponse", TestEmulator.JsonBody(TestEmulator.RunBody(TestEmulator.RunScript("minidump.ps1", "x"))));
            Assert.Equal(HttpStatusCode.Created, run.StatusCode);

            using JsonDocument actions = JsonDocument.Parse(await api.GetStringAsync("_emulator/actions"));
            Assert.Equal(1, actions.RootElement.GetProperty("value").GetArrayLength());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
