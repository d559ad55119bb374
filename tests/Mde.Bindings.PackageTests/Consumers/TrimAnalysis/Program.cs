using System.Text.Json;
using Contoso.Inventory;
using Mde.Bindings.Auth;
using Mde.Bindings.LiveResponse;
using Microsoft.Extensions.DependencyInjection;

// The ways the README shows to get a client, each with the analyzers watching.
await using LoopbackServer server = LoopbackServer.Start(request => (request.Method, request.Path) switch
{
    ("GET", "/api/machineactions/action-3") => LoopbackResponse.Json(200, """{"id":"action-3","type":"LiveResponse","status":"Succeeded"}"""),
    ("GET", "/api/devices") => LoopbackResponse.Json(200, """{"value":[{"id":"dev-1","health":"Active"}]}"""),
    _ => LoopbackResponse.NotFound(request),
});

var services = new ServiceCollection();
services.AddLiveResponseApi(options =>
{
    options.BaseAddress = server.BaseAddress;
    options.TokenSource = new FixedTokenSource();
});
services.AddInventoryApi(options =>
{
    options.BaseAddress = server.BaseAddress;
    options.TokenSource = new FixedTokenSource();
});
services.AddLiveResponseClient();
await using ServiceProvider provider = services.BuildServiceProvider();

MachineAction action = await provider.GetRequiredService<ILiveResponseApi>().GetMachineActionAsync("action-3");
IReadOnlyList<Device> devices = await provider.GetRequiredService<IInventoryApi>().ListDevicesAsync();
Expect.That(action.Status == MachineActionStatus.Succeeded && devices.Single().Health == HealthState.Active, "the registered clients call the server");
Expect.That(server.Requests.All(request => request.Path.StartsWith("/api/", StringComparison.Ordinal)), "every call went to the API");
Expect.That(provider.GetRequiredService<LiveResponseClient>() is not null, "the live response workflow is registered");

using var http = new HttpClient { BaseAddress = server.BaseAddress };
MachineAction direct = await new LiveResponseApiClient(http).GetMachineActionAsync("action-3");
MachineAction throughRefit = await Refit.RestService.ForGenerated<ILiveResponseApi>(http).GetMachineActionAsync("action-3");
Expect.That(direct.Id == throughRefit.Id, "Refit hands out the generated client without reflection");
string json = JsonSerializer.Serialize(direct, LiveResponseJsonContext.Default.MachineAction);
Expect.That(JsonSerializer.Deserialize(json, LiveResponseJsonContext.Default.MachineAction)?.Id == "action-3", "models round-trip through the generated JSON metadata");

Console.WriteLine($"trim analysis: {server.Requests.Count} calls answered");

/// <summary>A token source for the loopback server, which checks no token.</summary>
internal sealed class FixedTokenSource : IAccessTokenSource
{
    public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken) =>
        Task.FromResult(new MdeAccessToken("loopback-token", DateTimeOffset.UtcNow.AddHours(1)));
}
