using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mde.Bindings.Emulator.Hosting;

namespace Mde.Bindings.Emulator.Tests.Standalone;

/// <summary>The emulator as its own process: <c>dotnet Mde.Bindings.Emulator.dll --port 0</c>, as a developer runs it.</summary>
public sealed class StandaloneProcessTests
{
    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Mde.Bindings.Emulator.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    /// <summary>The "Name: value" lines printed before <c>Ready</c>.</summary>
    private static async Task<Dictionary<string, string>> ReadUntilReadyAsync(Process process)
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

        return printed;
    }

    /// <summary>Runs the emulator to its end and returns its exit code and stderr lines.</summary>
    private static async Task<(int ExitCode, string[] Errors, string Output)> RunToEndAsync(params string[] args)
    {
        using Process process = Start(args);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<string> output = process.StandardOutput.ReadToEndAsync(limit.Token);
        Task<string> errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        string[] lines = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (process.ExitCode, lines, await output);
    }

    [Fact]
    public async Task A_busy_port_is_one_line_and_exit_code_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        (int exitCode, string[] errors, string output) = await RunToEndAsync("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, exitCode);
        string line = Assert.Single(errors);
        Assert.Equal($"mde-lr emulator: port {port} is in use; pick another with --port (or 0 for a free one).", line);
        Assert.DoesNotContain("Ready", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--prot", "5080")]
    [InlineData("--port", "http")]
    [InlineData("--port", "70000")]
    [InlineData("--devices", "10000")]
    [InlineData("--time-scale", "0")]
    [InlineData("--transcript-style", "fancy")]
    public async Task A_bad_option_is_one_line_and_exit_code_2(string option, string value)
    {
        (int exitCode, string[] errors, _) = await RunToEndAsync(option, value);

        Assert.Equal(2, exitCode);
        string line = Assert.Single(errors);
        Assert.StartsWith("mde-lr emulator: ", line, StringComparison.Ordinal);
        Assert.Contains(option == "--prot" ? "--prot" : value, line, StringComparison.Ordinal);
        Assert.EndsWith("Run with --help for the options.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_options_and_exits_0()
    {
        (int exitCode, string[] errors, string output) = await RunToEndAsync("--help");

        Assert.Equal(0, exitCode);
        Assert.Empty(errors);
        foreach (string option in new[] { "--port", "--devices", "--time-scale", "--storage-port", "Ctrl-C" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Devices_adds_numbered_devices_that_run_the_demo_script_beside_the_demo_device()
    {
        using Process process = Start("--port", "0", "--devices", "3", "--time-scale", "60");
        try
        {
            Dictionary<string, string> printed = await ReadUntilReadyAsync(process);
            var apiBase = new Uri(printed["API"]);
            var tokens = Mde.Bindings.Auth.EmulatorTokenSource.ForDemoApp(apiBase);
            using var bearer = new Mde.Bindings.Auth.BearerTokenHandler(tokens, apiBase, EmulatorHost.Audience) { InnerHandler = new SocketsHttpHandler() };
            using var api = new HttpClient(bearer) { BaseAddress = apiBase };

            using JsonDocument devices = JsonDocument.Parse(await api.GetStringAsync("_emulator/devices"));
            string[] ids = devices.RootElement.EnumerateArray().Select(d => d.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(["demo-device", "device-0001", "device-0002", "device-0003"], ids);

            foreach (string device in new[] { "device-0001", "device-0003" })
            {
                using HttpResponseMessage run = await api.PostAsync($"api/machines/{device}/runliveresponse", TestEmulator.JsonBody(TestEmulator.RunBody(TestEmulator.RunScript("minidump.ps1", "x"))));
                Assert.Equal(HttpStatusCode.Created, run.StatusCode);
            }

            using HttpResponseMessage missing = await api.PostAsync("api/machines/device-0004/runliveresponse", TestEmulator.JsonBody(TestEmulator.RunBody(TestEmulator.RunScript("minidump.ps1", "x"))));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal("60x", printed["Time scale"]);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task The_standalone_emulator_prints_its_addresses_and_credentials_and_serves_the_demo()
    {
        using Process process = Start("--port", "0", "--storage-port", "0");
        try
        {
            Dictionary<string, string> printed = await ReadUntilReadyAsync(process);

            var apiBase = new Uri(printed["API"]);
            Assert.NotEqual(apiBase.Port, new Uri(printed["Storage"]).Port);

            var tokens = new Mde.Bindings.Auth.EmulatorTokenSource(new Uri(printed["Token"]), printed["Client id"], printed["Client secret"]);
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
