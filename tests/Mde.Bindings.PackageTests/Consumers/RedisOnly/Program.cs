using Mde.Bindings.LiveResponse;
using Microsoft.Extensions.DependencyInjection;

// The registration the Redis package's README shows: the generated AddLiveResponseApi, then the shared limits.
var services = new ServiceCollection();
services.AddLiveResponseApi(options => options.BaseAddress = new Uri("http://127.0.0.1:9/"));
services.AddRedisRateLimits("127.0.0.1:6379", options => options.WorkerCount = 4);

Expect.That(typeof(ILiveResponseApi).Assembly == typeof(Program).Assembly, "the live response client is generated into the project");
Expect.That(services.Any(descriptor => descriptor.ServiceType.Name == "IRateLimiterProvider"), "a rate limiter provider is registered");
Console.WriteLine($"redis only: {services.Count} services registered");
