using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Tests.LiveResponse;

/// <summary>How a device's action ends in <see cref="FakeLiveResponseService"/>.</summary>
internal enum FakeOutcome
{
    Succeed,
    FailSecondCommand,
    TimeOut,
    CancelledByAnalyst,
    NeverEnds,

    /// <summary>The action reads Succeeded while its last command still reads Executing for <see cref="FakeLiveResponseService.CommandLagReads"/> more polls.</summary>
    SucceedAheadOfLastCommand,

    /// <summary>The action reads Cancelled although every command completed.</summary>
    CancelledAfterCommandsCompleted,

    /// <summary>The first command completes, then the action stays InProgress for ever.</summary>
    FirstCommandThenStuck,
}

/// <summary>
/// A scripted stand-in for the live response API and its storage host: actions advance one state per status poll,
/// result links point at https://storage.test, and every request is recorded.
/// </summary>
internal sealed partial class FakeLiveResponseService : HttpMessageHandler
{
    public const string ApiBase = "https://api.security.microsoft.com";
    private readonly object _gate = new();
    private readonly Dictionary<string, FakeAction> _actions = [];
    private int _nextId;

    public Dictionary<string, FakeOutcome> Devices { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<(HttpMethod Method, Uri Uri, string? Authorization, string? Body)> Requests { get; } = [];

    public List<(string ActionId, string Comment)> Cancellations { get; } = [];

    public Dictionary<string, string> UploadedForm { get; } = [];

    /// <summary>When set, a run is accepted (its action created) but its answer never comes: the caller must give up.</summary>
    public bool HoldRunAnswers { get; set; }

    /// <summary>How many polls the last command of a <see cref="FakeOutcome.SucceedAheadOfLastCommand"/> action lags behind; negative for never.</summary>
    public int CommandLagReads { get; set; } = 2;

    /// <summary>Command indexes whose result link the service refuses (400).</summary>
    public HashSet<int> RefusedLinks { get; } = [];

    /// <summary>When set, listing machine actions answers 403.</summary>
    public bool ForbidListing { get; set; }

    public HttpClient CreateApiClient() => new(this, disposeHandler: false) { BaseAddress = new Uri(ApiBase) };

    public HttpClient CreateStorageClient() => new(this, disposeHandler: false);

    /// <summary>Starts an action for a device directly, as if another tool had.</summary>
    public string StartExisting(string machineId)
    {
        lock (_gate)
        {
            return Create(machineId, new JsonArray(), FakeOutcome.NeverEnds).Id;
        }
    }

    public int Count(string pathPart) => Requests.Count(r => r.Uri.AbsoluteUri.Contains(pathPart, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        HttpResponseMessage response = Answer(request, body);
        if (HoldRunAnswers && request.RequestUri!.AbsolutePath.EndsWith("/runliveresponse", StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return response;
    }

    private HttpResponseMessage Answer(HttpRequestMessage request, string? body)
    {
        lock (_gate)
        {
            Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
            if (request.RequestUri!.Host == "storage.test")
            {
                return Storage(request);
            }

            string path = request.RequestUri.AbsolutePath;
            Match match;
            if (request.Method == HttpMethod.Post && (match = RunPath().Match(path)).Success)
            {
                return Run(Uri.UnescapeDataString(match.Groups[1].Value), JsonNode.Parse(body!)!);
            }

            if (request.Method == HttpMethod.Get && (match = LinkPath().Match(path)).Success)
            {
                string id = Uri.UnescapeDataString(match.Groups[1].Value);
                if (RefusedLinks.Contains(int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    return Error(HttpStatusCode.BadRequest, "ResultNotAvailable");
                }

                return Json(new JsonObject { ["value"] = $"https://storage.test/results/{id}/{match.Groups[2].Value}?se=2099-01-01T00%3A00%3A00Z&sp=r&sig=secret" });
            }

            if (request.Method == HttpMethod.Post && (match = CancelPath().Match(path)).Success)
            {
                return Cancel(Uri.UnescapeDataString(match.Groups[1].Value), JsonNode.Parse(body!)!["Comment"]!.GetValue<string>());
            }

            if (request.Method == HttpMethod.Get && (match = ActionPath().Match(path)).Success)
            {
                return _actions.TryGetValue(Uri.UnescapeDataString(match.Groups[1].Value), out FakeAction? action)
                    ? Json(action.Poll())
                    : Error(HttpStatusCode.NotFound, "ResourceNotFound");
            }

            if (request.Method == HttpMethod.Get && path == "/api/machineactions")
            {
                if (ForbidListing)
                {
                    return Error(HttpStatusCode.Forbidden, "Forbidden");
                }

                string filter = Uri.UnescapeDataString(request.RequestUri.Query);
                // A list by id is how multi-device runs poll: it advances each action as a status poll does.
                var items = filter.Contains("id in (", StringComparison.Ordinal)
                    ? new JsonArray(_actions.Values.Where(a => filter.Contains("'" + a.Id + "'", StringComparison.Ordinal)).Select(a => (JsonNode)a.Poll()).ToArray())
                    : new JsonArray(_actions.Values.Where(a => filter.Contains("'" + a.MachineId + "'", StringComparison.Ordinal)).Select(a => (JsonNode)a.ToJson()).ToArray());
                return Json(new JsonObject { ["value"] = items });
            }

            if (request.Method == HttpMethod.Post && path == "/api/libraryfiles")
            {
                return Upload(request, body!);
            }

            return Error(HttpStatusCode.NotFound, "NotFound");
        }
    }

    private HttpResponseMessage Run(string machineId, JsonNode body)
    {
        if (!Devices.TryGetValue(machineId, out FakeOutcome outcome))
        {
            return Error(HttpStatusCode.NotFound, "ResourceNotFound");
        }

        if (_actions.Values.Any(a => a.MachineId == machineId && !a.IsFinal))
        {
            return Error(HttpStatusCode.BadRequest, "ActiveRequestAlreadyExists");
        }

        FakeAction action = Create(machineId, body["Commands"]!.AsArray(), outcome, body["Comment"]?.GetValue<string>());
        action.LagReads = CommandLagReads;
        return Json(action.ToJson(), HttpStatusCode.Created);
    }

    private FakeAction Create(string machineId, JsonArray commands, FakeOutcome outcome, string? comment = null)
    {
        var action = new FakeAction("action-" + ++_nextId, machineId, commands.DeepClone().AsArray(), outcome) { Comment = comment };
        _actions.Add(action.Id, action);
        return action;
    }

    private HttpResponseMessage Cancel(string actionId, string comment)
    {
        Cancellations.Add((actionId, comment));
        if (!_actions.TryGetValue(actionId, out FakeAction? action))
        {
            return Error(HttpStatusCode.NotFound, "ResourceNotFound");
        }

        action.CancelBy("client", comment);
        return Json(action.ToJson());
    }

    private HttpResponseMessage Storage(HttpRequestMessage request)
    {
        string[] parts = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        FakeAction action = _actions[parts[1]];
        int index = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        JsonNode command = action.Commands[index]!["command"]!;
        if (command["type"]!.GetValue<string>() == "RunScript")
        {
            string script = command["params"]![0]!["value"]!.GetValue<string>();
            string transcript = $$"""{"script_name":"{{script}}","exit_code":0,"script_output":"ran {{script}} on {{action.MachineId}}\n\u0000\u0000","script_errors":""}""";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(transcript, Encoding.UTF8, "application/json") };
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.ASCII.GetBytes("file bytes of " + action.MachineId)) };
    }

    private HttpResponseMessage Upload(HttpRequestMessage request, string body)
    {
        foreach (Match field in FormField().Matches(body))
        {
            UploadedForm[field.Groups["name"].Value] = field.Groups["value"].Value.Trim();
        }

        return Json(new JsonObject
        {
            ["fileName"] = UploadedForm.GetValueOrDefault("filename", "?"),
            ["sha256"] = "abc",
            ["description"] = UploadedForm.GetValueOrDefault("Description"),
            ["hasParameters"] = UploadedForm.GetValueOrDefault("HasParameters") == "true",
            ["createdBy"] = "tester",
        });
    }

    private static HttpResponseMessage Json(JsonNode node, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Error(HttpStatusCode status, string code) =>
        Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = code, ["target"] = Guid.NewGuid().ToString() } }, status);

    [GeneratedRegex(@"^/api/machines/([^/]+)/runliveresponse$")]
    private static partial Regex RunPath();

    [GeneratedRegex(@"^/api/machineactions/([^/]+)/GetLiveResponseResultDownloadLink\(index=(\d+)\)$")]
    private static partial Regex LinkPath();

    [GeneratedRegex(@"^/api/machineactions/([^/]+)/cancel$")]
    private static partial Regex CancelPath();

    [GeneratedRegex(@"^/api/machineactions/([^/]+)$")]
    private static partial Regex ActionPath();

    [GeneratedRegex("name=\"?(?<name>[^\";\\r\\n]+)\"?(; filename=\"?(?<file>[^\";\\r\\n]+)\"?)?[^\\r\\n]*\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n(?<value>[^\\r\\n]*)")]
    private static partial Regex FormField();

    private sealed class FakeAction(string id, string machineId, JsonArray requested, FakeOutcome outcome)
    {
        private string _status = "Pending";
        private string? _cancelledBy;
        private string? _cancelComment;

        public string Id { get; } = id;

        public string MachineId { get; } = machineId;

        public string? Comment { get; init; }

        public JsonArray Commands { get; } = new JsonArray(requested.Select((c, i) => (JsonNode)new JsonObject
        {
            ["index"] = i,
            ["commandStatus"] = "Created",
            ["errors"] = new JsonArray(),
            ["command"] = c!.DeepClone(),
        }).ToArray());

        public int LagReads { get; set; }

        public bool IsFinal => MachineActionStates.IsFinal(_status);

        /// <summary>The action as it stands, then one step further for the next poll.</summary>
        public JsonObject Poll()
        {
            JsonObject current = ToJson();
            if (_status == "Succeeded" && outcome == FakeOutcome.SucceedAheadOfLastCommand && LagReads >= 0 && LagReads-- == 0)
            {
                Commands[Commands.Count - 1]!["commandStatus"] = "Completed";
            }

            if (!IsFinal && outcome != FakeOutcome.NeverEnds)
            {
                _status = _status == "Pending" ? "InProgress" : outcome switch
                {
                    FakeOutcome.Succeed => Finish("Succeeded", Commands.Count),
                    FakeOutcome.FailSecondCommand => Finish("Failed", 1),
                    FakeOutcome.TimeOut => Finish("TimeOut", 0),
                    FakeOutcome.SucceedAheadOfLastCommand => Lagging(Finish("Succeeded", Commands.Count)),
                    FakeOutcome.CancelledAfterCommandsCompleted => CompletedThenCancelled(),
                    FakeOutcome.FirstCommandThenStuck => FirstCompleted(),
                    _ => Cancelled("analyst@contoso.test", "Stopped by an analyst"),
                };
            }

            return current;
        }

        public void CancelBy(string who, string comment)
        {
            if (!IsFinal)
            {
                Cancelled(who, comment);
            }
        }

        public JsonObject ToJson() => new()
        {
            ["id"] = Id,
            ["type"] = "LiveResponse",
            ["status"] = _status,
            ["machineId"] = MachineId,
            ["creationDateTimeUtc"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["requestorComment"] = Comment,
            ["cancellationRequestor"] = _cancelledBy,
            ["cancellationComment"] = _cancelComment,
            ["commands"] = Commands.DeepClone(),
        };

        private string Finish(string status, int completed)
        {
            for (int i = 0; i < Commands.Count; i++)
            {
                JsonNode command = Commands[i]!;
                command["commandStatus"] = i < completed ? "Completed" : i == completed && status == "Failed" ? "Failed" : "Created";
                if (i == completed && status == "Failed")
                {
                    command["errors"] = new JsonArray("The script exited with an error", "Access denied");
                }
            }

            return status;
        }

        private string FirstCompleted()
        {
            Commands[0]!["commandStatus"] = "Completed";
            return "InProgress";
        }

        private string CompletedThenCancelled()
        {
            Finish("Cancelled", Commands.Count);
            return Cancelled("analyst@contoso.test", "Cancelled as it ended");
        }

        private string Lagging(string status)
        {
            Commands[Commands.Count - 1]!["commandStatus"] = "Executing";
            return status;
        }

        private string Cancelled(string who, string comment)
        {
            _status = "Cancelled";
            _cancelledBy = who;
            _cancelComment = comment;
            return _status;
        }
    }
}
