using Contoso.Inventory;
using Mde.Bindings;
using Mde.Bindings.LiveResponse;
using Refit;

var exportId = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
await using LoopbackServer server = LoopbackServer.Start(request => (request.Method, request.Path) switch
{
    ("GET", "/api/devices") => LoopbackResponse.Json(200, """
        {"@odata.context":"https://inventory.contoso.example/api/$metadata#Devices","value":[
          {"id":"dev-1","name":"alpha","health":"Active","tags":["lab"],"lastSeen":"2030-05-01T10:00:00Z","riskScore":1.5},
          {"id":"dev-2","display_name":"beta","health":"SomethingNew","tags":[]}
        ]}
        """),
    ("PATCH", "/api/devices/dev%201") => LoopbackResponse.Json(200, """
        {"id":"dev 1","display_name":"gamma","health":"Inactive","tags":["retired"]}
        """),
    ("GET", "/api/exports/0f8fad5b-d9cb-469f-a165-70867728950e/link") => LoopbackResponse.Json(200, """
        {"value":"https://storage.example/exports/1?se=2099-01-01T00%3A00%3A00Z&sig=ZXhwb3J0"}
        """),
    ("GET", "/api/machineactions/action-9") => LoopbackResponse.Json(200, """
        {"id":"action-9","type":"LiveResponse","status":"InProgress"}
        """),
    _ => LoopbackResponse.NotFound(request),
});

using var http = new HttpClient { BaseAddress = server.BaseAddress };
IInventoryApi inventory = RestService.For<IInventoryApi>(http);

IReadOnlyList<Device> devices = await inventory.ListDevicesAsync(filter: "tags/any(t: t eq 'lab')", top: 2, health: HealthState.Active);
string query = Uri.UnescapeDataString(server.Requests[^1].Query);
Expect.That(query.Contains("$filter=tags/any(t: t eq 'lab')") && query.Contains("$top=2") && query.Contains("health=Active"), "the query carries every parameter: " + query);
Expect.That(devices.Count == 2 && devices[0].DisplayName == "alpha" && devices[0].Health == HealthState.Active, "the OData list is unwrapped, aliases read");
Expect.That(devices[0].Tags?.Single() == "lab" && devices[0].RiskScore == 1.5 && devices[0].LastSeen == new DateTimeOffset(2030, 5, 1, 10, 0, 0, TimeSpan.Zero), "arrays, numbers and instants are read");
Expect.That(devices[1].DisplayName == "beta" && !devices[1].Health.IsKnown && devices[1].Health.ToString() == "SomethingNew", "an enum value the spec does not know stays readable");

Device updated = await inventory.UpdateDeviceAsync("dev 1", new DeviceUpdate { Health = HealthState.Inactive, Tags = ["retired"] });
string body = server.Requests[^1].Body;
Expect.That(body.Contains("\"health\":\"Inactive\"") && body.Contains("\"tags\":[\"retired\"]"), "the body is written with the spec's names: " + body);
Expect.That(updated.Id == "dev 1" && updated.Health == HealthState.Inactive, "the updated device is read");

DownloadLink<InventoryExport> export = await inventory.GetExportLinkAsync(exportId);
Expect.That(export.Uri.AbsolutePath == "/exports/1" && export.ExpiresAt <= DateTimeOffset.UtcNow.AddMinutes(10), "the second kind of link is read with its own lifetime");
PendingExports.Keep(export);

Expect.That(InventoryApiDescription.ListDevices.Limits.Count == 2 && InventoryApiDescription.All.Count == 3, "the metadata of the own spec is generated");

// The shipped spec's client sits beside the own one.
MachineAction action = await RestService.For<ILiveResponseApi>(http).GetMachineActionAsync("action-9");
Expect.That(action.Status == MachineActionStatus.InProgress, "the shipped client still works");

Console.WriteLine($"own spec: {server.Requests.Count} calls answered, {PendingExports.Count} link kept");
