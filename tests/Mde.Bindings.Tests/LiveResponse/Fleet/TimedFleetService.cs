using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.LiveResponse.Fleet;

/// <summary>
/// A live response service on a fake clock, for fleet runs: each device's action is Pending for a second, then
/// InProgress until its duration has passed, then Succeeded; it answers ListMachineActions by <c>id in (…)</c> or by
/// machine, counts every run per device and every call, and knows busy, unknown and offline devices as the service
/// does (400 ActiveRequestAlreadyExists, 404, an action that stays Pending: mde-live-response-api reference).
/// </summary>
internal sealed partial class TimedFleetService(FakeTimeProvider clock) : HttpMessageHandler
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Action> _actions = [];
    private int _nextId;
    private int _requests;
    private int _runCalls;
    private readonly List<DateTimeOffset> _arrivals = [];

    /// <summary>Devices that exist, with how long their script runs; <see cref="Timeout.InfiniteTimeSpan"/> for an offline device.</summary>
    public Dictionary<string, TimeSpan> Devices { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When each RunLiveResponse call came, and for which device.</summary>
    public List<(DateTimeOffset At, string MachineId)> Runs { get; } = [];

    /// <summary>Each ListMachineActions call: when, its filter, and how many actions it answered.</summary>
    public List<(DateTimeOffset At, string Filter, int Answered)> Lists { get; } = [];

    /// <summary>How long the n-th RunLiveResponse call (from 0) takes to arrive.</summary>
    public Func<int, TimeSpan> RunLatency { get; set; } = _ => TimeSpan.Zero;

    /// <summary>RunLiveResponse calls refused with 429: more than 10 arrived within a minute.</summary>
    public int Rejected { get; private set; }

    /// <summary>How many single GetMachineAction reads came.</summary>
    public int Gets { get; private set; }

    /// <summary>When the client first saw each action final (through any read).</summary>
    public Dictionary<string, DateTimeOffset> SeenFinalAt { get; } = [];

    /// <summary>The most actions the client held at once: created, and not yet seen final by it.</summary>
    public int MostHeld { get; private set; }

    /// <summary>Every request so far: a clock driver waits while this moves.</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    public HttpClient CreateClient() => new(this, disposeHandler: false) { BaseAddress = new Uri("https://api.security.microsoft.com") };

    /// <summary>Starts an action on a device, as another tool would: the device is then busy.</summary>
    public string StartElsewhere(string machineId)
    {
        lock (_gate)
        {
            return Create(machineId, "another tool", Timeout.InfiniteTimeSpan, commandCount: 1).Id;
        }
    }

    public int RunsOf(string machineId)
    {
        lock (_gate)
        {
            return Runs.Count(r => string.Equals(r.MachineId, machineId, StringComparison.OrdinalIgnoreCase));
        }
    }

    public DateTimeOffset EndOf(string machineId)
    {
        lock (_gate)
        {
            return _actions.Values.Single(a => a.MachineId == machineId && a.Comment != "another tool").EndsAt;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        if (request.Method == HttpMethod.Post && RunPath().IsMatch(request.RequestUri!.AbsolutePath))
        {
            // A run slowed on its way (a token fetch, a pause) arrives late; the service counts it when it arrives,
            // and refuses an eleventh within a minute.
            if (RunLatency(Interlocked.Increment(ref _runCalls) - 1) is { } latency && latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, clock, cancellationToken);
            }

            lock (_gate)
            {
                DateTimeOffset now = clock.GetUtcNow();
                if (_arrivals.Count(a => now - a < TimeSpan.FromMinutes(1)) >= 10)
                {
                    Rejected++;
                    return Error(HttpStatusCode.TooManyRequests, "TooManyRequests");
                }

                _arrivals.Add(now);
            }
        }

        lock (_gate)
        {
            return Answer(request, body);
        }
    }

    private HttpResponseMessage Answer(HttpRequestMessage request, string? body)
    {
        string path = request.RequestUri!.AbsolutePath;
        DateTimeOffset now = clock.GetUtcNow();
        Match match;
        if (request.RequestUri.Host == "storage.test")
        {
            string[] parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            Action owner = _actions[parts[1]];
            string transcript = $$"""{"script_name":"collect.ps1","exit_code":0,"script_output":"ran on {{owner.MachineId}}","script_errors":""}""";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(transcript, Encoding.UTF8, "application/json") };
        }

        if (request.Method == HttpMethod.Post && (match = RunPath().Match(path)).Success)
        {
            string machineId = Uri.UnescapeDataString(match.Groups[1].Value);
            if (!Devices.TryGetValue(machineId, out TimeSpan duration))
            {
                return Error(HttpStatusCode.NotFound, "ResourceNotFound");
            }

            if (_actions.Values.Any(a => a.MachineId == machineId && !a.IsFinal(now)))
            {
                return Error(HttpStatusCode.BadRequest, "ActiveRequestAlreadyExists");
            }

            Runs.Add((now, machineId));
            JsonNode request0 = JsonNode.Parse(body!)!;
            Action created = Create(machineId, request0["Comment"]?.GetValue<string>(), duration, request0["Commands"]!.AsArray().Count);
            MostHeld = Math.Max(MostHeld, _actions.Values.Count(a => a.Comment != "another tool" && !SeenFinalAt.ContainsKey(a.Id)));
            return Json(created.ToJson(now), HttpStatusCode.Created);
        }

        if (request.Method == HttpMethod.Get && (match = LinkPath().Match(path)).Success)
        {
            return Json(new JsonObject { ["value"] = $"https://storage.test/results/{match.Groups[1].Value}/{match.Groups[2].Value}?se=2099-01-01T00%3A00%3A00Z&sp=r&sig=secret" });
        }

        if (request.Method == HttpMethod.Post && (match = CancelPath().Match(path)).Success)
        {
            Action cancelled = _actions[Uri.UnescapeDataString(match.Groups[1].Value)];
            cancelled.CancelledAt ??= now;
            return Json(Seen(cancelled, now));
        }

        if (request.Method == HttpMethod.Get && (match = ActionPath().Match(path)).Success)
        {
            Gets++;
            return _actions.TryGetValue(Uri.UnescapeDataString(match.Groups[1].Value), out Action? action)
                ? Json(Seen(action, now))
                : Error(HttpStatusCode.NotFound, "ResourceNotFound");
        }

        if (request.Method == HttpMethod.Get && path == "/api/machineactions")
        {
            string filter = Uri.UnescapeDataString(Regex.Match(request.RequestUri.Query, @"\$filter=([^&]*)").Groups[1].Value);
            IEnumerable<Action> listed = filter.StartsWith("id in (", StringComparison.Ordinal)
                ? _actions.Values.Where(a => filter.Contains("'" + a.Id + "'", StringComparison.Ordinal))
                : _actions.Values.Where(a => filter.Contains("machineId eq '" + a.MachineId + "'", StringComparison.Ordinal));
            JsonNode[] items = listed.Select(a => (JsonNode)Seen(a, now)).ToArray();
            Lists.Add((now, filter, items.Length));
            return Json(new JsonObject { ["value"] = new JsonArray(items) });
        }

        return Error(HttpStatusCode.NotFound, "NotFound");
    }

    private JsonObject Seen(Action action, DateTimeOffset now)
    {
        if (action.IsFinal(now))
        {
            SeenFinalAt.TryAdd(action.Id, now);
        }

        return action.ToJson(now);
    }

    private Action Create(string machineId, string? comment, TimeSpan duration, int commandCount)
    {
        DateTimeOffset now = clock.GetUtcNow();
        var action = new Action("action-" + ++_nextId, machineId, comment, now, duration == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : now + duration, commandCount);
        _actions.Add(action.Id, action);
        return action;
    }

    private static HttpResponseMessage Json(JsonNode node, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, string code) =>
        Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = code } }, status);

    [GeneratedRegex(@"^/api/machines/([^/]+)/runliveresponse$")]
    private static partial Regex RunPath();

    [GeneratedRegex(@"^/api/machineactions/([^/]+)/GetLiveResponseResultDownloadLink\(index=(\d+)\)$")]
    private static partial Regex LinkPath();

    [GeneratedRegex(@"^/api/machineactions/([^/]+)/cancel$")]
    private static partial Regex CancelPath();

    [GeneratedRegex(@"^/api/machineactions/([^/()]+)$")]
    private static partial Regex ActionPath();

    private sealed record Action(string Id, string MachineId, string? Comment, DateTimeOffset CreatedAt, DateTimeOffset EndsAt, int CommandCount)
    {
        public DateTimeOffset? CancelledAt { get; set; }

        public bool IsFinal(DateTimeOffset now) => CancelledAt is not null || now >= EndsAt;

        public JsonObject ToJson(DateTimeOffset now)
        {
            string status = CancelledAt is not null ? "Cancelled" : now >= EndsAt ? "Succeeded" : now >= CreatedAt + TimeSpan.FromSeconds(1) && EndsAt != DateTimeOffset.MaxValue ? "InProgress" : "Pending";
            string commandStatus = status == "Succeeded" ? "Completed" : status == "InProgress" ? "Executing" : "Created";
            var commands = new JsonArray();
            for (int i = 0; i < CommandCount; i++)
            {
                commands.Add(new JsonObject
                {
                    ["index"] = i,
                    ["commandStatus"] = commandStatus,
                    ["errors"] = new JsonArray(),
                    ["command"] = new JsonObject { ["type"] = "RunScript", ["params"] = new JsonArray(new JsonObject { ["key"] = "ScriptName", ["value"] = "collect.ps1" }) },
                });
            }

            return new JsonObject
            {
                ["id"] = Id,
                ["type"] = "LiveResponse",
                ["status"] = status,
                ["machineId"] = MachineId,
                ["creationDateTimeUtc"] = CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                ["requestorComment"] = Comment,
                ["commands"] = commands,
            };
        }
    }
}
