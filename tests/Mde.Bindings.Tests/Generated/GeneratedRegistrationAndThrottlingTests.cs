using System.Net;
using System.Threading.RateLimiting;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Tests.Infrastructure;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace Mde.Bindings.Tests.Generated;

/// <summary>The generated registration, Refit's HttpClientFactory path, the throttling decorator and the metadata.</summary>
public sealed class GeneratedRegistrationAndThrottlingTests
{
    [Fact]
    public async Task AddRefitGeneratedClient_uses_the_generated_client()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));
        var services = new ServiceCollection();
        services.AddRefitGeneratedClient<ILiveResponseApi>()
            .ConfigureHttpClient(c => c.BaseAddress = new Uri("https://api.security.microsoft.com"))
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        await using ServiceProvider provider = services.BuildServiceProvider();

        MachineAction action = await provider.GetRequiredService<ILiveResponseApi>().GetMachineActionAsync("5382f7ea");

        Assert.Equal(MachineActionStatus.Succeeded, action.Status);
        Assert.Equal("/api/machineactions/5382f7ea", handler.Last.PathAndQuery);
    }

    [Fact]
    public async Task AddLiveResponseApi_registers_a_throttled_client_on_the_configured_base_address()
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));
        var limiters = new CountingRateLimiterProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IRateLimiterProvider>(limiters);
        services.AddLiveResponseApi(options =>
            {
                options.BaseAddress = new Uri("https://eu.api.security.microsoft.com");
                options.AllowUnauthenticated = true;
            })
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        await using ServiceProvider provider = services.BuildServiceProvider();

        ILiveResponseApi api = provider.GetRequiredService<ILiveResponseApi>();
        await api.GetMachineActionAsync("1");

        Assert.IsType<ThrottledLiveResponseApi>(api);
        Assert.Equal("eu.api.security.microsoft.com", handler.Last.Uri.Host);
        Assert.Equal(["GetMachineAction"], limiters.Acquired);
    }

    [Fact]
    public async Task Throttling_can_be_turned_off()
    {
        var services = new ServiceCollection();
        services.AddLiveResponseApi(options => options.EnableThrottling = false)
            .ConfigurePrimaryHttpMessageHandler(() => new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)));
        await using ServiceProvider provider = services.BuildServiceProvider();
        Assert.IsType<LiveResponseApiClient>(provider.GetRequiredService<ILiveResponseApi>());
    }

    [Fact]
    public async Task Throttled_decorator_acquires_the_operations_limiter_before_each_call_and_not_for_unlimited_ones()
    {
        var limiters = new CountingRateLimiterProvider();
        var inner = RestService.For<ILiveResponseApi>(new HttpClient(new RecordingHandler(_ => RecordingHandler.Json("""{"value":"https://x.blob.core.windows.net/a?se=2030-01-01T00%3A00%3A00Z&sig=s"}""")))
        {
            BaseAddress = new Uri("https://api.security.microsoft.com"),
        });
        var api = new ThrottledLiveResponseApi(inner, limiters);

        await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
        await api.GetLiveResponseResultDownloadLinkAsync("a", 1);

        Assert.Equal(["GetLiveResponseResultDownloadLink", "GetLiveResponseResultDownloadLink"], limiters.Acquired);
    }

    [Fact]
    public async Task Throttled_decorator_surfaces_a_refused_permit_without_calling_the_api()
    {
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        var inner = RestService.For<ILiveResponseApi>(new HttpClient(handler) { BaseAddress = new Uri("https://api.security.microsoft.com") });
        var api = new ThrottledLiveResponseApi(inner, new RefusingRateLimiterProvider());

        RateLimitRejectedException error = await Assert.ThrowsAsync<RateLimitRejectedException>(() => api.GetMachineActionAsync("1"));

        Assert.Same(LiveResponseApiDescription.GetMachineAction, error.Endpoint);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("100/minute + 1500/hour", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void Description_holds_what_the_spec_says()
    {
        EndpointDescription link = LiveResponseApiDescription.GetLiveResponseResultDownloadLink;
        Assert.Equal("GET", link.Method);
        Assert.Equal("/api/machineactions/{machineActionId}/GetLiveResponseResultDownloadLink(index={commandIndex})", link.PathTemplate);
        Assert.Equal([new RateLimitWindow(100, TimeSpan.FromMinutes(1)), new RateLimitWindow(1500, TimeSpan.FromHours(1))], link.Limits);
        Assert.Equal(TimeSpan.FromMinutes(30), link.LinkLifetime);
        Assert.Contains("Machine.LiveResponse", link.DelegatedPermissions);
        Assert.Equal([new RateLimitWindow(10, TimeSpan.FromMinutes(1))], LiveResponseApiDescription.RunLiveResponse.Limits);
        Assert.Null(LiveResponseApiDescription.GetMachineAction.LinkLifetime);
        Assert.Equal("https://api.securitycenter.microsoft.com", LiveResponseApiDescription.Audience);
        Assert.Equal(10, LiveResponseApiDescription.All.Count);
        Assert.Contains(LiveResponseApiDescription.All, e => ReferenceEquals(e, link));
        // MicrosoftDocs/defender-docs defender-endpoint/api/upload-library.md @02787177: POST /api/libraryfiles,
        // Library.Manage (application and delegated), 100/minute and 1500/hour.
        EndpointDescription upload = LiveResponseApiDescription.UploadLibraryFile;
        Assert.Equal(("POST", "/api/libraryfiles"), (upload.Method, upload.PathTemplate));
        Assert.Equal(["Library.Manage"], upload.ApplicationPermissions);
        Assert.Equal([new RateLimitWindow(100, TimeSpan.FromMinutes(1)), new RateLimitWindow(1500, TimeSpan.FromHours(1))], upload.Limits);
    }

    private sealed class CountingRateLimiterProvider : IRateLimiterProvider
    {
        private readonly List<string> _acquired = [];

        public IReadOnlyList<string> Acquired => _acquired;

        public RateLimiter GetLimiter(EndpointDescription endpoint)
        {
            _acquired.Add(endpoint.Name);
            return new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1000, QueueLimit = 0 });
        }
    }

    private sealed class RefusingRateLimiterProvider : IRateLimiterProvider
    {
        public RateLimiter GetLimiter(EndpointDescription endpoint) => new RefusingLimiter();

        private sealed class RefusingLimiter : RateLimiter
        {
            public override TimeSpan? IdleDuration => null;

            public override RateLimiterStatistics? GetStatistics() => null;

            protected override RateLimitLease AttemptAcquireCore(int permitCount) => new RefusedLease();

            protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) => new(new RefusedLease());
        }

        private sealed class RefusedLease : RateLimitLease
        {
            public override bool IsAcquired => false;

            public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name];

            public override bool TryGetMetadata(string metadataName, out object? metadata)
            {
                metadata = metadataName == MetadataName.RetryAfter.Name ? TimeSpan.FromSeconds(7) : null;
                return metadata is not null;
            }
        }
    }
}
