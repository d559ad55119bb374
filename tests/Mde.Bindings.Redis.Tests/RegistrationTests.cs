using System.Diagnostics;
using System.Net;
using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Http;
using Mde.Bindings.Redis.Tests.Infrastructure;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Mde.Bindings.Redis.Tests;

[Collection(ServersCollection.Name)]
public sealed class RegistrationTests(ServersFixture servers)
{
    private static readonly EndpointDescription s_endpoint = new("LiveResponse", "GetMachineAction", "GET", "/api/machineactions/{id}", ["Machine.Read.All"], [], [new(100, TimeSpan.FromMinutes(1))]);

    [Theory]
    [MemberData(nameof(TestServers.ChosenWithTrueAndFalse), MemberType = typeof(TestServers))]
    public async Task Redis_limits_win_whichever_is_registered_first(string server, bool redisFirst)
    {
        var services = new ServiceCollection();
        string prefix = "test:" + Guid.NewGuid().ToString("N")[..12] + ":";
        if (redisFirst)
        {
            services.AddRedisRateLimits(servers.Configuration(server), options => options.KeyPrefix = prefix);
        }

        services.AddLiveResponseClient(options =>
        {
            options.Credentials = new MdeAuthOptions { TenantId = "tenant-t", ClientId = "app-c", ClientSecret = "s" };
            options.TokenSource = new FixedTokenSource();
        });
        if (!redisFirst)
        {
            services.AddRedisRateLimits(servers.Configuration(server), options => options.KeyPrefix = prefix);
        }

        await using ServiceProvider provider = services.BuildServiceProvider();

        RedisRateLimiterProvider limits = Assert.IsType<RedisRateLimiterProvider>(provider.GetRequiredService<IRateLimiterProvider>());
        Assert.Same(limits, provider.GetRequiredService<IRateLimitFeedback>());
        Assert.Equal("tenant-t", limits.TenantId);
        Assert.Equal("app-c", limits.ClientAppId);
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task A_429_through_the_registered_pipeline_pauses_the_partition_in_Redis(string server)
    {
        var services = new ServiceCollection();
        string prefix = "test:" + Guid.NewGuid().ToString("N")[..12] + ":";
        services.AddLiveResponseClient(options => options.TokenSource = new FixedTokenSource())
            .ConfigurePrimaryHttpMessageHandler(() => new TooManyRequests(TimeSpan.FromSeconds(30)));
        services.AddRedisRateLimits(servers.Configuration(server), options =>
        {
            options.KeyPrefix = prefix;
            options.TenantId = "tenant-p";
            options.ClientAppId = "app-p";
        });
        await using ServiceProvider provider = services.BuildServiceProvider();
        HttpClient client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(MdeApiRegistration.ClientName("LiveResponse"));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/machineactions/1");
        request.Options.Set(MdeRequestOptions.Endpoint, s_endpoint);
        using var stop = new CancellationTokenSource();

        // The pipeline rides the 429 out: the call waits for the partition's pause to end before sending again.
        Task<HttpResponseMessage> call = client.SendAsync(request, stop.Token);

        // The handler reports without waiting for Redis; the pause arrives there a moment later.
        using ConnectionMultiplexer connection = servers.Connect(server);
        RedisKey pause = prefix + "{tenant-p/app-p/GetMachineAction}:pause";
        var waited = Stopwatch.StartNew();
        TimeSpan? ttl;
        while ((ttl = await connection.GetDatabase().KeyTimeToLiveAsync(pause)) is null)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "the 429 never paused the partition in Redis");
            await Task.Delay(50);
        }

        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        Assert.False(call.IsCompleted, "the call did not wait for the pause");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Without_a_connection_string_or_a_registered_connection_resolution_says_what_to_give()
    {
        var services = new ServiceCollection();
        services.AddRedisRateLimits(options => options.WorkerCount = 2);
        await using ServiceProvider provider = services.BuildServiceProvider();

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IRateLimiterProvider>());
        Assert.Contains("configuration string", error.Message);
        Assert.Contains("IConnectionMultiplexer", error.Message);
    }

    [Theory]
    [MemberData(nameof(TestServers.Chosen), MemberType = typeof(TestServers))]
    public async Task A_registered_connection_is_used_when_no_string_is_given(string server)
    {
        using ConnectionMultiplexer connection = servers.Connect(server);
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(connection);
        services.AddRedisRateLimits(options => options.KeyPrefix = "test:registered:");
        await using (ServiceProvider provider = services.BuildServiceProvider())
        {
            Assert.IsType<RedisRateLimiterProvider>(provider.GetRequiredService<IRateLimiterProvider>());
        }

        // The connection is the container's, not the provider's: still open after the provider is gone.
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public void A_malformed_configuration_string_is_refused_at_registration_without_repeating_it()
    {
        var services = new ServiceCollection();

        ArgumentException error = Assert.Throws<ArgumentException>(() => services.AddRedisRateLimits("localhost:6379,password=hunter2,notAnOption=1"));

        Assert.Contains("configuration string", error.Message);
        Assert.DoesNotContain("hunter2", error.Message);
    }

    private sealed class FixedTokenSource : IAccessTokenSource
    {
        public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken) =>
            Task.FromResult(new MdeAccessToken("token", DateTimeOffset.UtcNow.AddHours(1)));
    }

    private sealed class TooManyRequests(TimeSpan retryAfter) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { RequestMessage = request };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
            return Task.FromResult(response);
        }
    }
}
