using System.Diagnostics;
using System.Net;
using Mde.Bindings.Auth;
using Mde.Bindings.Downloads;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Devices;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Http;
using Mde.Bindings.Emulator.Scripts;
using Mde.Bindings.Emulator.Time;
using Mde.Bindings.Http;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Benchmarks.Fleet;

/// <summary>
/// One side of the benchmark: a fresh in-process emulator seeded with the fleet, its clock and rate-limit windows
/// <see cref="TimeScale"/> times faster than real time, and a client whose limiter and polling run on that same clock.
/// Calls, polls and 429s are counted by the emulator.
/// </summary>
internal static class FleetRun
{
    public const string Script = EmulatorOptions.DemoScriptName;

    // Another analyst's app: its actions keep the busy devices busy and hold sessions, on its own run quota.
    private static readonly EmulatorApp s_otherApp = new("00000000-0000-4000-8000-0000000f1ee7", "fleet-benchmark-other-app", EmulatorApp.AllRoles, "other-analyst@emulator");

    // The tenant the limiters' partitions are named after (any name: one provider serves one tenant and app).
    private const string Tenant = "fleet-benchmark";

    public static readonly IReadOnlyList<LiveResponseCommandRequest> Commands = [LiveResponseCommandRequest.RunScript(Script)];

    public delegate Task<IReadOnlyList<MachineRunOutcome>> Runner(LiveResponseClient client, IReadOnlyList<string> machineIds);

    public static async Task<FleetRunResult> RunAsync(string name, FleetPlan plan, double timeScale, double safetyMargin, Runner runner)
    {
        var clock = new ScaledTimeProvider(TimeProvider.System, timeScale);
        var options = new EmulatorOptions
        {
            TimeProvider = clock,
            PendingDuration = FleetPlan.Pending,
            ConfigureLogging = logging => logging.ClearProviders(),
            MaxConcurrentSessions = FleetBound.MaxSessions,
        };
        options.Apps.Add(s_otherApp);
        foreach (FleetDevice device in plan.Devices.Where(d => d.Kind != FleetDeviceKind.Unknown))
        {
            options.Devices.Add(new EmulatedDevice(device.Id, device.Id + ".fleet.local")
            {
                ScriptBehavior = new ScriptBehavior
                {
                    Duration = device.ScriptDuration,
                    Output = "{script} collected on " + device.Id + ".\n",
                    Outcome = device.Kind == FleetDeviceKind.Fails ? ScriptOutcome.Fail : ScriptOutcome.Complete,
                    FailureMessage = device.Kind == FleetDeviceKind.Fails ? "The script stopped: access denied." : null,
                },
            });
        }

        await using EmulatorHost emulator = await EmulatorHost.StartAsync(options);
        await OccupyBusyDevicesAsync(emulator, plan, clock);

        using var limiters = new ExactRateLimiterProvider(Tenant, EmulatorApp.Demo.ClientId, new ExactRateLimiterProviderOptions { TimeProvider = clock, SafetyMargin = safetyMargin });
        IAccessTokenSource tokens = emulator.CreateTokenSource();

        // The pipeline's own waits (attempt timeouts, transient back-offs) stay on the real clock: a loaded machine's
        // slow answer must not count as a timeout 60 times over. The limiter and polling run on the emulator's clock.
        using HttpClient api = new MdeHttpPipeline(emulator.ApiBaseAddress, EmulatorHost.Audience, limiters, tokens).CreateClient();
        using var storage = new HttpClient(LinkDownloader.CreateStorageHandler());
        var client = new LiveResponseClient(api, limiters, new LinkDownloader(storage, timeProvider: clock), clock);

        IReadOnlyDictionary<string, EmulatedOperationCalls> before = emulator.Calls;
        long realStart = Stopwatch.GetTimestamp();
        long start = clock.GetTimestamp();
        IReadOnlyList<MachineRunOutcome> outcomes = await runner(client, [.. plan.Devices.Select(d => d.Id)]);
        TimeSpan elapsed = clock.GetElapsedTime(start);
        TimeSpan real = Stopwatch.GetElapsedTime(realStart);
        IReadOnlyDictionary<string, EmulatedOperationCalls> after = emulator.Calls;

        long Calls(string operation) => after.GetValueOrDefault(operation).Calls - before.GetValueOrDefault(operation).Calls;
        long throttled = after.Sum(p => p.Value.Throttled - before.GetValueOrDefault(p.Key).Throttled);
        string throttledBy = string.Join(", ", after
            .Select(p => (Operation: p.Key, Count: p.Value.Throttled - before.GetValueOrDefault(p.Key).Throttled))
            .Where(p => p.Count > 0)
            .OrderBy(p => p.Operation, StringComparer.Ordinal)
            .Select(p => $"{p.Operation} {p.Count}"));
        return new FleetRunResult(
            name,
            elapsed,
            real,
            Calls("RunLiveResponse"),
            Calls("GetMachineAction") + Calls("ListMachineActions"),
            Calls("GetLiveResponseResultDownloadLink"),
            throttled,
            throttledBy,
            Check(plan, outcomes));
    }

    private static async Task OccupyBusyDevicesAsync(EmulatorHost emulator, FleetPlan plan, TimeProvider clock)
    {
        using HttpClient other = emulator.CreateApiClient(s_otherApp);
        using var otherLimiters = new ExactRateLimiterProvider(Tenant, s_otherApp.ClientId, new ExactRateLimiterProviderOptions { TimeProvider = clock });
        var otherClient = new LiveResponseClient(other, otherLimiters, timeProvider: clock);
        foreach (FleetDevice device in plan.Devices.Where(d => d.Kind == FleetDeviceKind.Busy))
        {
            await otherClient.StartRunAsync(device.Id, Commands, new LiveResponseRunOptions { Comment = "Another analyst's collection" });
        }
    }

    /// <summary>What went otherwise than the plan says, one line per device (none when every outcome is the expected one).</summary>
    private static IReadOnlyList<string> Check(FleetPlan plan, IReadOnlyList<MachineRunOutcome> outcomes)
    {
        var problems = new List<string>();
        if (outcomes.Count != plan.Devices.Count)
        {
            problems.Add($"{outcomes.Count} outcomes for {plan.Devices.Count} devices");
            return problems;
        }

        for (int i = 0; i < outcomes.Count; i++)
        {
            FleetDevice device = plan.Devices[i];
            MachineRunOutcome outcome = outcomes[i];
            bool expected = outcome.MachineId == device.Id && device.Kind switch
            {
                FleetDeviceKind.Runs => outcome.Succeeded && outcome.Result!.Commands[0].Transcript?.Output.Contains(device.Id, StringComparison.Ordinal) == true,
                FleetDeviceKind.Fails => outcome.Error is LiveResponseFailedException,
                FleetDeviceKind.Busy => outcome.Error is ActiveRequestAlreadyExistsException,
                _ => !outcome.Succeeded && IsNotFound(outcome.Error!),
            };
            if (!expected)
            {
                problems.Add($"{device.Id} ({device.Kind}): {outcome}");
            }
        }

        return problems;
    }

    private static bool IsNotFound(Exception error) =>
        error is Refit.ApiException { StatusCode: HttpStatusCode.NotFound }
        || error.InnerException is Refit.ApiException { StatusCode: HttpStatusCode.NotFound }
        || error.Message.Contains("not found", StringComparison.OrdinalIgnoreCase);
}

/// <summary>What one side of the benchmark measured. Times are on the emulator's clock unless named real.</summary>
internal sealed record FleetRunResult(string Name, TimeSpan Elapsed, TimeSpan Real, long Runs, long Polls, long LinkCalls, long Server429, string Server429By, IReadOnlyList<string> Unexpected);
