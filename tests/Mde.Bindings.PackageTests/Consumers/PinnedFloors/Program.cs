using System.Runtime.InteropServices;
using Mde.Bindings.LiveResponse;
using Microsoft.Extensions.DependencyInjection;

// The generated registration, run on the floor versions of Microsoft.Extensions.*, resilience and rate limiting:
// IHttpClientFactory, options, the retry handler and the throttling limiter all take part in one call.
await using LoopbackServer server = LoopbackServer.Start(request => (request.Method, request.Path) switch
{
    ("GET", "/api/machineactions/action-1") => LoopbackResponse.Json(200, """
        {"id":"action-1","type":"LiveResponse","status":"Succeeded","machineId":"machine-7"}
        """),
    _ => LoopbackResponse.NotFound(request),
});

var services = new ServiceCollection();
services.AddLiveResponseApi(options =>
{
    options.BaseAddress = server.BaseAddress;
    options.AllowUnauthenticated = true; // the loopback server checks no token
});
await using (ServiceProvider provider = services.BuildServiceProvider())
{
    MachineAction action = await provider.GetRequiredService<ILiveResponseApi>().GetMachineActionAsync("action-1");
    Expect.That(action.Status == MachineActionStatus.Succeeded, "the machine action is read through the registered client");
}

// The Redis package's registration compiles and registers against the same floors (no server is contacted here).
var redisServices = new ServiceCollection();
redisServices.AddRedisRateLimits("127.0.0.1:6379", options => options.WorkerCount = 2);
Expect.That(redisServices.Any(descriptor => descriptor.ServiceType.Name == "IRateLimiterProvider"), "the Redis rate limiter provider is registered");

Console.WriteLine($"pinned floors on {RuntimeInformation.FrameworkDescription}: {server.Requests.Count} call answered");
