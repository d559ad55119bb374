using Mde.Bindings.LiveResponse;
using Refit;

namespace Mde.Bindings.Tests.LiveResponse.Fleet;

/// <summary>
/// Multi-device runs on a fake clock: runs at the RunLiveResponse limit (10 a minute), the session cap, actions followed
/// with spaced ListMachineActions <c>id in (…)</c> calls (elastic/kibana's Defender connector sends such lists:
/// x-pack/platform/plugins/shared/stack_connectors/server/connector_types/microsoft_defender_endpoint/microsoft_defender_endpoint.test.ts),
/// and devices the service refuses failing alone. Limits: api-spec/live-response.api.json and the mde-live-response-api reference.
/// </summary>
public sealed class BatchPollingTests : IDisposable
{
    // The limiter's 1% safety margin makes each 60 s window 60.6 s long.
    private static readonly TimeSpan RunWindow = TimeSpan.FromSeconds(60.6);
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(3);

    private readonly FleetHarness _fleet = new();

    public void Dispose() => _fleet.Dispose();

    [Fact]
    public async Task Actions_in_flight_are_followed_by_spaced_id_lists_and_never_one_by_one()
    {
        string[] devices = FleetHarness.Devices(30);
        for (int i = 0; i < devices.Length; i++)
        {
            _fleet.Service.Devices[devices[i]] = TimeSpan.FromSeconds(30 + (i * 5 % 150));
        }

        IReadOnlyList<MachineRunOutcome> outcomes = await _fleet.DriveAsync(() => _fleet.Client.RunManyAsync(devices, FleetHarness.Script));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.ToString()));
        Assert.All(outcomes, o => Assert.Equal("ran on " + o.MachineId, o.Result!.Commands[0].Transcript!.Output));
        Assert.Equal(0, _fleet.Service.Gets);
        var polls = _fleet.Service.Lists.Where(l => l.Filter.StartsWith("id in (", StringComparison.Ordinal)).ToList();
        Assert.Equal(_fleet.Service.Lists.Count, polls.Count);
        for (int i = 1; i < polls.Count; i++)
        {
            // No device waits for a session (30 < 50), so rounds keep the relaxed pace (FleetPollInterval, 15 s).
            Assert.True(polls[i].At - polls[i - 1].At >= TimeSpan.FromSeconds(15), $"List calls {i - 1} and {i} came {polls[i].At - polls[i - 1].At} apart.");
        }

        Assert.Contains(polls, p => p.Answered >= 10);
        foreach (string device in devices)
        {
            // Nothing waits for a session here, so rounds come every FleetPollInterval (15 s).
            MachineRunOutcome outcome = outcomes.Single(o => o.MachineId == device);
            TimeSpan late = _fleet.Service.SeenFinalAt[outcome.Result!.MachineActionId] - _fleet.Service.EndOf(device);
            Assert.True(late <= TimeSpan.FromSeconds(15) + Tolerance, $"{device} was seen finished {late} after it ended.");
        }
    }

    [Fact]
    public void Long_id_lists_are_split_so_that_the_url_stays_short()
    {
        var watches = Enumerable.Range(0, 120).Select(i => new BatchActionPoller.Watch("d" + i, Guid.NewGuid().ToString(), DateTimeOffset.MaxValue)).ToList();

        List<List<BatchActionPoller.Watch>> chunks = BatchActionPoller.Chunk(watches).ToList();

        Assert.True(chunks.Count >= 3);
        Assert.Equal(watches, chunks.SelectMany(c => c));
        Assert.All(chunks, c => Assert.InRange(Uri.EscapeDataString(BatchActionPoller.IdFilter(c.Select(w => w.ActionId))).Length, 1, BatchActionPoller.MaxFilterLength));
        Assert.Equal("id in ('a','b''c')", BatchActionPoller.IdFilter(["a", "b'c"]));
    }

    [Fact]
    public void The_even_spacing_of_the_list_budget_is_2_4_seconds() =>
        Assert.Equal(TimeSpan.FromSeconds(2.4), BatchActionPoller.EvenSpacing(Mde.Bindings.Protocol.LiveResponseApiDescription.ListMachineActions.Limits));

    [Fact]
    public async Task Runs_start_at_exactly_the_RunLiveResponse_limit()
    {
        string[] devices = FleetHarness.Devices(35);
        foreach (string device in devices)
        {
            _fleet.Service.Devices[device] = TimeSpan.FromSeconds(20);
        }

        IReadOnlyList<MachineRunOutcome> outcomes = await _fleet.DriveAsync(() => _fleet.Client.RunManyAsync(devices, FleetHarness.Script));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.ToString()));
        List<DateTimeOffset> runs = _fleet.Service.Runs.Select(r => r.At).Order().ToList();
        Assert.Equal(devices.Length, runs.Count);
        for (int k = 0; k < runs.Count; k++)
        {
            // Never an eleventh run within a window; and each run as soon as the window lets it (the limit, not less).
            if (k >= 10)
            {
                Assert.True(runs[k] - runs[k - 10] >= TimeSpan.FromSeconds(60), $"Runs {k - 10} and {k} came {runs[k] - runs[k - 10]} apart.");
            }

            TimeSpan due = (k / 10) * RunWindow;
            Assert.True(runs[k] - _fleet.Start <= due + Tolerance, $"Run {k} came at {runs[k] - _fleet.Start}, due by {due}.");
        }
    }

    [Fact]
    public async Task Runs_slowed_on_their_way_draw_no_429_because_they_are_spaced_by_the_services_answers()
    {
        // The first ten answers take 5 s (a cold token fetch, a pause): a limiter that spaces runs by its grants sends
        // the eleventh 60.6 s after the first grant, 55.6 s after the first run arrived. Finding of the fleet benchmark.
        string[] devices = FleetHarness.Devices(25);
        foreach (string device in devices)
        {
            _fleet.Service.Devices[device] = TimeSpan.FromSeconds(20);
        }

        _fleet.Service.RunLatency = n => n < 10 ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(n % 3 * 400);

        IReadOnlyList<MachineRunOutcome> outcomes = await _fleet.DriveAsync(() => _fleet.Client.RunManyAsync(devices, FleetHarness.Script));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.ToString()));
        Assert.Equal(0, _fleet.Service.Rejected);
        List<DateTimeOffset> runs = _fleet.Service.Runs.Select(r => r.At).Order().ToList();
        Assert.True(runs[10] - _fleet.Start <= TimeSpan.FromSeconds(5) + RunWindow + Tolerance, $"Run 11 came at {runs[10] - _fleet.Start}.");
    }

    [Fact]
    public async Task At_most_50_actions_are_held_and_a_freed_session_is_reused_within_seconds()
    {
        string[] devices = FleetHarness.Devices(55);
        foreach (string device in devices)
        {
            _fleet.Service.Devices[device] = TimeSpan.FromMinutes(8);
        }

        IReadOnlyList<MachineRunOutcome> outcomes = await _fleet.DriveAsync(() => _fleet.Client.RunManyAsync(devices, FleetHarness.Script));

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.ToString()));
        Assert.Equal(LiveResponseRunOptions.MaxSessions, _fleet.Service.MostHeld);
        List<(DateTimeOffset At, string MachineId)> runs = [.. _fleet.Service.Runs.OrderBy(r => r.At)];

        // Run 51 waits for the first action to end (8 minutes after it started), then comes within a round of the fast pace.
        DateTimeOffset firstEnd = _fleet.Service.EndOf(runs[0].MachineId);
        Assert.True(runs[50].At >= firstEnd, $"Run 51 came at {runs[50].At - _fleet.Start}, before the first action ended at {firstEnd - _fleet.Start}.");
        Assert.True(runs[50].At - firstEnd <= TimeSpan.FromSeconds(2.4) + Tolerance, $"Run 51 came {runs[50].At - firstEnd} after a session was freed.");
    }

    [Fact]
    public async Task Busy_unknown_and_offline_devices_fail_for_themselves_without_stalling_the_others()
    {
        string[] devices = ["busy-1", .. FleetHarness.Devices(12), "unknown-1", "offline-1"];
        foreach (string device in FleetHarness.Devices(12))
        {
            _fleet.Service.Devices[device] = TimeSpan.FromSeconds(40);
        }

        _fleet.Service.Devices["busy-1"] = TimeSpan.FromSeconds(40);
        _fleet.Service.StartElsewhere("busy-1");
        _fleet.Service.Devices["offline-1"] = Timeout.InfiniteTimeSpan;

        IReadOnlyList<MachineRunOutcome> outcomes = await _fleet.DriveAsync(() => _fleet.Client.RunManyAsync(devices, FleetHarness.Script, new LiveResponseRunOptions { MaxRunDuration = TimeSpan.FromMinutes(10) }));

        Assert.Equal(devices, outcomes.Select(o => o.MachineId));
        Assert.IsType<ActiveRequestAlreadyExistsException>(outcomes[0].Error);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, Assert.IsType<ApiException>(outcomes[13].Error).StatusCode);
        Assert.IsType<LiveResponseTimedOutException>(outcomes[14].Error);
        Assert.All(outcomes.Skip(1).Take(12), o => Assert.True(o.Succeeded, o.ToString()));

        // The good devices started at the limit's pace (the refused calls spend permits too, as the service counts
        // them), and finished long before the offline device was given up.
        DateTimeOffset lastGoodRun = _fleet.Service.Runs.Where(r => r.MachineId.StartsWith("device-", StringComparison.Ordinal)).Max(r => r.At);
        Assert.True(lastGoodRun - _fleet.Start <= RunWindow + Tolerance, $"The last good device started at {lastGoodRun - _fleet.Start}.");
        Assert.All(outcomes.Skip(1).Take(12), o => Assert.True(_fleet.Service.SeenFinalAt[o.Result!.MachineActionId] - _fleet.Start < TimeSpan.FromMinutes(3)));
        Assert.Equal(0, _fleet.Service.RunsOf("busy-1"));
    }
}
