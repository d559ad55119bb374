using System.Text.Json;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Time;

namespace Mde.Bindings.Cli.Tests;

/// <summary>
/// <c>mde-lr</c> against an emulator that runs its clock and rate-limit windows faster for clients on the real clock
/// (the standalone emulator's <c>--time-scale</c>): the tool reads the scale from <c>GET /_emulator</c> and runs its
/// own limits on it, so it spends the emulator's quota as fast as it is given, and draws no 429.
/// </summary>
public sealed class ScaledEmulatorCliTests
{
    private const double Scale = 60;

    [Fact]
    public async Task A_fleet_run_goes_at_the_scaled_emulators_pace_and_draws_no_429()
    {
        // 25 runs at 10 a minute take two minutes of the emulator's time: two seconds of real time at 60x. On the real
        // clock the tool's limiter would hold the last five runs for two real minutes; the run is stopped long before.
        string[] devices = Enumerable.Range(1, 25).Select(i => $"device-{i:D4}").ToArray();
        await using EmulatorHost emulator = await StartScaledAsync(devices);
        string list = Path.GetTempFileName();
        await File.WriteAllLinesAsync(list, devices);
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(50));
            CliRun run = await CliHarness.RunAsync(emulator, ["run", "--machines", list, "--script", EmulatorOptions.DemoScriptName, "--json"], cancellationToken: patience.Token);

            Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
            Assert.Contains("time scale 60x", run.Error, StringComparison.Ordinal);
            JsonElement[] transcripts = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToArray();
            Assert.Equal(devices, transcripts.Select(t => t.GetProperty("machine_id").GetString()).Order());
            Assert.Equal(25, emulator.Calls["RunLiveResponse"].Calls);
            Assert.All(emulator.Calls, call => Assert.True(call.Value.Throttled == 0, $"{call.Key} was answered 429 {call.Value.Throttled} time(s)"));
            // Polled at the service's pace on the scaled clock, not at the harness's real-clock interval: batched lists,
            // fewer than one a device (each 50 ms of the emulator's time would be some 200 calls and race its limits).
            Assert.InRange(emulator.Calls["ListMachineActions"].Calls, 1, devices.Length - 1);
        }
        finally
        {
            File.Delete(list);
        }
    }

    [Fact]
    public async Task The_emulator_tells_its_scale_only_to_clients_on_the_real_clock()
    {
        await using EmulatorHost scaled = await StartScaledAsync([]);
        await using EmulatorHost sharing = await CliHarness.StartEmulatorAsync(time: new ScaledTimeProvider(Scale));

        Assert.Equal(Scale, await EmulatorTimeScale.ReadAsync(scaled.ApiBaseAddress, CancellationToken.None));
        Assert.Equal(1, await EmulatorTimeScale.ReadAsync(sharing.ApiBaseAddress, CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"timeScale":0.5}""", 0.5)]
    [InlineData("""{"timeScale":0}""", 1)]
    [InlineData("""{"timeScale":-3}""", 1)]
    [InlineData("""{"timeScale":"60"}""", 1)]
    [InlineData("""{"apiBaseAddress":"http://127.0.0.1:5080/"}""", 1)]
    [InlineData("""[60]""", 1)]
    public void A_scale_that_is_missing_or_not_a_positive_number_counts_as_1(string info, double expected)
    {
        using JsonDocument document = JsonDocument.Parse(info);
        Assert.Equal(expected, EmulatorTimeScale.Parse(document.RootElement));
    }

    [Fact]
    public async Task An_emulator_without_admin_endpoints_counts_as_unscaled()
    {
        await using EmulatorHost emulator = await CliHarness.StartEmulatorAsync(o => o.EnableAdminEndpoints = false);
        Assert.Equal(1, await EmulatorTimeScale.ReadAsync(emulator.ApiBaseAddress, CancellationToken.None));
    }

    [Fact]
    public void The_tool_limiters_are_the_runtime_factory_s_on_the_scaled_clock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var limiters = new ScaledRateLimiters(new Mde.Bindings.Auth.MdeAuthOptions { TenantId = "cli-tenant", ClientId = "cli-app" }, time, Scale);
        using var unnamed = new ScaledRateLimiters(null, time, 1);

        // The partitions belong to the credentials' app, as in LiveResponseClient and the service registration.
        Assert.Equal(("cli-tenant", "cli-app"), (limiters.Inner.TenantId, limiters.Inner.ClientAppId));
        Assert.Equal((Mde.Bindings.Throttling.ExactRateLimiterProvider.DefaultPartitionOwner, Mde.Bindings.Throttling.ExactRateLimiterProvider.DefaultPartitionOwner), (unnamed.Inner.TenantId, unnamed.Inner.ClientAppId));
        Assert.Same(time, unnamed.Clock);

        // A minute window of the scaled clock passes in a minute divided by the scale of real time.
        var run = new EndpointDescription("LiveResponse", "ScaledWindowProbe", "POST", "/api/probe", ["Machine.LiveResponse"], ["Machine.LiveResponse"], [new RateLimitWindow(10, TimeSpan.FromMinutes(1))]);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(limiters.GetLimiter(run).AttemptAcquire().IsAcquired);
        }

        Assert.False(limiters.GetLimiter(run).AttemptAcquire().IsAcquired);
        time.Advance(TimeSpan.FromMinutes(1.1) / Scale);
        Assert.True(limiters.GetLimiter(run).AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void A_real_time_retry_after_pauses_the_scaled_limiter_for_as_long_in_real_time()
    {
        // The standalone emulator sends Retry-After in real seconds; on a clock 60 times faster that is 60 times more.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var limiters = new ScaledRateLimiters(new Mde.Bindings.Auth.MdeAuthOptions { TenantId = "tenant", ClientId = "app" }, time, Scale);
        EndpointDescription upload = Mde.Bindings.LiveResponse.LiveResponseClient.UploadLibraryFile;

        limiters.ReportRetryAfter(upload, TimeSpan.FromSeconds(2));

        using (System.Threading.RateLimiting.RateLimitLease early = limiters.GetLimiter(upload).AttemptAcquire())
        {
            Assert.False(early.IsAcquired);
        }

        time.Advance(TimeSpan.FromSeconds(1.9));
        using (System.Threading.RateLimiting.RateLimitLease stillEarly = limiters.GetLimiter(upload).AttemptAcquire())
        {
            Assert.False(stillEarly.IsAcquired);
        }

        time.Advance(TimeSpan.FromSeconds(0.2));
        using System.Threading.RateLimiting.RateLimitLease after = limiters.GetLimiter(upload).AttemptAcquire();
        Assert.True(after.IsAcquired);
    }

    private static Task<EmulatorHost> StartScaledAsync(IEnumerable<string> devices) => CliHarness.StartEmulatorAsync(o =>
    {
        // As the standalone emulator's --time-scale sets it up.
        o.TimeProvider = new ScaledTimeProvider(TimeProvider.System, Scale);
        o.RetryAfterInRealTime = true;
        o.PendingDuration = TimeSpan.FromSeconds(2);
        o.CommandDuration = TimeSpan.FromSeconds(20);
        foreach (string device in devices)
        {
            o.Devices.Add(new EmulatedDevice(device, device + ".local"));
        }
    });
}
