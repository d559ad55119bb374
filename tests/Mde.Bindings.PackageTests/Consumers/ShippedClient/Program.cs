using Mde.Bindings;
using Mde.Bindings.LiveResponse;
using Refit;

await using LoopbackServer server = LoopbackServer.Start(request => (request.Method, request.Path) switch
{
    ("POST", "/api/machines/machine-7/runliveresponse") => LoopbackResponse.Json(201, """
        {"id":"action-1","type":"LiveResponse","status":"Pending","machineId":"machine-7",
         "commands":[{"index":0,"commandStatus":"Created","command":{"type":"RunScript","params":[{"key":"ScriptName","value":"collect.ps1"}]}}]}
        """),
    ("GET", "/api/machineactions/action-1") => LoopbackResponse.Json(200, """
        {"id":"action-1","type":"LiveResponse","status":"Succeeded","machineId":"machine-7"}
        """),
    ("GET", "/api/machineactions/action-1/GetLiveResponseResultDownloadLink(index=0)") => LoopbackResponse.Json(200, """
        {"value":"https://storage.example/results/0?se=2099-01-01T00%3A00%3A00Z&sp=r&sig=c2lnbmF0dXJl"}
        """),
    _ => LoopbackResponse.NotFound(request),
});

using var http = new HttpClient { BaseAddress = server.BaseAddress };
ILiveResponseApi api = RestService.For<ILiveResponseApi>(http);

MachineAction started = await api.RunLiveResponseAsync("machine-7", new RunLiveResponseRequest
{
    Commands =
    [
        new LiveResponseCommand
        {
            Type = LiveResponseCommandType.RunScript,
            Params = [new LiveResponseCommandParam { Key = "ScriptName", Value = "collect.ps1" }],
        },
    ],
    Comment = "package test",
});
Expect.That(started.Id == "action-1" && started.Status == MachineActionStatus.Pending, "the started machine action is read");
string sent = server.Requests[0].Body;
Expect.That(sent.Contains("\"RunScript\"") && sent.Contains("\"collect.ps1\"") && sent.Contains("\"package test\""), "the request body carries the command: " + sent);

MachineAction finished = await api.GetMachineActionAsync("action-1");
Expect.That(finished.Status == MachineActionStatus.Succeeded, "the finished machine action is read");

DownloadLink<LiveResponseTranscript> link = await api.GetLiveResponseResultDownloadLinkAsync("action-1", 0);
Expect.That(link.Uri.Host == "storage.example" && link.ExpiresAt > DateTimeOffset.UtcNow, "the download link is read");
Expect.That(!link.ToString().Contains("c2lnbmF0dXJl"), "the link's signature stays out of ToString()");
ResultLinks.Remember(link);

EndpointDescription description = LiveResponseApiDescription.GetLiveResponseResultDownloadLink;
Expect.That(description.LinkLifetime == TimeSpan.FromMinutes(30), "the endpoint metadata is generated");

Console.WriteLine($"shipped client: {server.Requests.Count} calls answered");
