using System.Net;
using System.Text.Json;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.Emulator.Scripts;
using Mde.Bindings.Emulator.Time;
using static Mde.Bindings.Emulator.Tests.TestEmulator;

namespace Mde.Bindings.Emulator.Tests;

/// <summary>What a fleet run needs of the emulator: devices with their own script behavior, calls counted at the server, and its time scale told to clients.</summary>
public sealed class FleetSupportTests
{
    [Fact]
    public async Task A_devices_own_script_behavior_wins_over_the_scripts_rule_and_directives()
    {
        await using TestEmulator emulator = await StartAsync(o =>
        {
            o.ScriptBehaviors["minidump.ps1"] = new ScriptBehavior { Duration = TimeSpan.FromSeconds(5) };
            o.Devices.Add(new EmulatedDevice("slow-1", "slow-1.local") { ScriptBehavior = new ScriptBehavior { Duration = TimeSpan.FromMinutes(2), Output = "slow {script}\n" } });
            o.Devices.Add(new EmulatedDevice("broken-1", "broken-1.local") { ScriptBehavior = new ScriptBehavior { Duration = TimeSpan.FromSeconds(40), Outcome = ScriptOutcome.Fail, FailureMessage = "Access is denied." } });
        });
        string slow = await emulator.RunAsync(RunBody(RunScript("minidump.ps1")), "slow-1");
        string broken = await emulator.RunAsync(RunBody(RunScript("minidump.ps1")), "broken-1");
        string demo = await emulator.RunAsync(RunBody(RunScript("minidump.ps1")));

        emulator.Time.Advance(Pending + TimeSpan.FromSeconds(5));
        Assert.Equal("Succeeded", Status(await emulator.GetActionAsync(demo)));
        Assert.Equal("InProgress", Status(await emulator.GetActionAsync(broken)));

        emulator.Time.Advance(TimeSpan.FromSeconds(35));
        JsonElement failed = await emulator.GetActionAsync(broken);
        Assert.Equal("Failed", Status(failed));
        Assert.Equal("Access is denied.", failed.GetProperty("commands")[0].GetProperty("errors")[0].GetString());
        Assert.Equal("InProgress", Status(await emulator.GetActionAsync(slow)));

        emulator.Time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(40));
        Assert.Equal("Succeeded", Status(await emulator.GetActionAsync(slow)));
        Assert.Contains("slow minidump.ps1", await emulator.Anonymous.GetStringAsync(await emulator.GetLinkAsync(slow, 0)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_count_each_operation_and_its_429_answers_at_the_server()
    {
        string[] devices = Enumerable.Range(1, 9).Select(i => $"lab-{i}").ToArray();
        await using TestEmulator emulator = await StartAsync(o =>
        {
            foreach (string device in devices)
            {
                o.Devices.Add(new EmulatedDevice(device, device + ".local"));
            }
        });
        Assert.Empty(emulator.Host.Calls);

        string id = await emulator.RunAsync(RunBody(RunScript("minidump.ps1")));
        for (int i = 0; i < 3; i++)
        {
            await emulator.GetActionAsync(id);
        }

        // A refused run still spends its permit: the service counts calls, not actions.
        (HttpResponseMessage unknown, _) = await emulator.PostAsync("api/machines/nobody/runliveresponse", RunBody(RunScript("minidump.ps1")));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (string device in devices[..8])
        {
            await emulator.RunAsync(RunBody(RunScript("minidump.ps1")), device);
        }

        (HttpResponseMessage eleventh, _) = await emulator.PostAsync($"api/machines/{devices[8]}/runliveresponse", RunBody(RunScript("minidump.ps1")));

        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        Assert.Equal(new EmulatedOperationCalls(11, 1), emulator.Host.Calls["RunLiveResponse"]);
        Assert.Equal(new EmulatedOperationCalls(3, 0), emulator.Host.Calls["GetMachineAction"]);
        Assert.False(emulator.Host.Calls.ContainsKey("ListMachineActions"));
    }

    [Fact]
    public async Task The_admin_info_gives_the_time_scale_to_clients_on_the_real_clock_and_1_to_those_sharing_its_clock()
    {
        await using EmulatorHost standalone = await EmulatorHost.StartAsync(new EmulatorOptions
        {
            TimeProvider = new ScaledTimeProvider(TimeProvider.System, 60),
            RetryAfterInRealTime = true,
        });
        await using EmulatorHost sharing = await EmulatorHost.StartAsync(new EmulatorOptions { TimeProvider = new ScaledTimeProvider(TimeProvider.System, 60) });
        await using EmulatorHost plain = await EmulatorHost.StartAsync();
        using var http = new HttpClient();

        async Task<double> ScaleOf(EmulatorHost host) =>
            JsonDocument.Parse(await http.GetStringAsync(new Uri(host.ApiBaseAddress, "_emulator"))).RootElement.GetProperty("timeScale").GetDouble();

        Assert.Equal(60, await ScaleOf(standalone));
        Assert.Equal(1, await ScaleOf(sharing));
        Assert.Equal(1, await ScaleOf(plain));
    }
}
