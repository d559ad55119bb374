using System.Net;
using System.Threading.RateLimiting;
using Mde.Bindings.Auth;
using Mde.Bindings.DependencyInjection;
using Mde.Bindings.Http;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Tests.Infrastructure;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Refit;

namespace Mde.Bindings.Tests.Http;

/// <summary>The handler pipeline every API client gets: retries, permits for retries, 429 feedback, tokens, DI wiring.</summary>
public sealed class MdeHttpPipelineTests
{
    private static readonly Uri Api = new("https://api.security.microsoft.com");

    private static TransientRetryOptions QuickRetry => new() { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1) };

    private static (ILiveResponseApi Api, RecordingHandler Server) Create(IRateLimiterProvider limiters, Func<RecordedRequest, HttpResponseMessage> respond, IAccessTokenSource? tokens = null)
    {
        var server = new RecordingHandler(respond);
        HttpClient http = new MdeHttpPipeline(Api, "https://api.securitycenter.microsoft.com", limiters, tokens) { Retry = QuickRetry }.CreateClient(server);
        return (new ThrottledLiveResponseApi(new LiveResponseApiClient(http), limiters), server);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_retry_takes_a_permit_of_its_own()
    {
        var limiters = new CountingProvider();
        int calls = 0;
        (ILiveResponseApi api, RecordingHandler server) = Create(limiters, _ => ++calls == 1
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));

        MachineAction action = await api.GetMachineActionAsync("1");

        Assert.Equal(MachineActionStatus.Succeeded, action.Status);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, limiters.Acquired); // the decorator's permit, then the retry's
    }

    [Fact]
    public async Task A_429_pauses_the_operations_partition_and_the_call_is_sent_again_once_the_pause_is_over()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var limiters = new ExactRateLimiterProvider("tenant", "app", new ExactRateLimiterProviderOptions { TimeProvider = time });
        int calls = 0;
        var server = new RecordingHandler(_ => Interlocked.Increment(ref calls) == 1 ? TooManyRequests(30) : RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));
        var api = CreateOn(limiters, server, time);

        Task<MachineAction> call = api.GetMachineActionAsync("1");
        await WaitUntilAsync(() => server.Requests.Count == 1);

        // Paused: this operation's partition refuses, another operation's does not.
        using (RateLimitLease paused = limiters.GetLimiter(LiveResponseApiDescription.GetMachineAction).AttemptAcquire())
        using (RateLimitLease other = limiters.GetLimiter(LiveResponseApiDescription.ListMachineActions).AttemptAcquire())
        {
            Assert.False(paused.IsAcquired);
            Assert.True(other.IsAcquired);
        }

        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(31));
        MachineAction action = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(MachineActionStatus.Succeeded, action.Status);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_429_storm_longer_than_the_bound_surfaces_the_last_answer()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var limiters = new ExactRateLimiterProvider("tenant", "app", new ExactRateLimiterProviderOptions { TimeProvider = time });
        var server = new RecordingHandler(_ => TooManyRequests(1));
        var api = CreateOn(limiters, server, time);

        Task<MachineAction> call = api.GetMachineActionAsync("1");
        for (int sent = 1; sent <= PermitHandler.DefaultMaxThrottledResends + 1; sent++)
        {
            await WaitUntilAsync(() => server.Requests.Count == sent || call.IsCompleted);
            time.Advance(TimeSpan.FromSeconds(2));
        }

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(PermitHandler.DefaultMaxThrottledResends + 1, server.Requests.Count);
    }

    private static ThrottledLiveResponseApi CreateOn(ExactRateLimiterProvider limiters, RecordingHandler server, FakeTimeProvider time)
    {
        HttpClient http = new MdeHttpPipeline(Api, "aud", limiters, null) { Retry = QuickRetry, TimeProvider = time }.CreateClient(server);
        return new ThrottledLiveResponseApi(new LiveResponseApiClient(http), limiters);
    }

    private static HttpResponseMessage TooManyRequests(int retryAfterSeconds)
    {
        HttpResponseMessage response = RecordingHandler.Json(DocsExamples.Read("error.example.json").Replace("ResourceNotFound", "TooManyRequests", StringComparison.Ordinal), HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "the condition did not hold within 5 s");
    }

    [Fact]
    public async Task An_error_carries_no_bearer_token()
    {
        (ILiveResponseApi api, RecordingHandler server) = Create(new CountingProvider(), _ => RecordingHandler.Json(DocsExamples.Read("error.example.json"), HttpStatusCode.NotFound), new CountingTokenSource());

        ApiException error = await Assert.ThrowsAsync<ApiException>(() => api.GetMachineActionAsync("1"));

        Assert.Equal("Bearer token-1", server.Last.Authorization);
        Assert.Null(error.RequestMessage.Headers.Authorization);
    }

    [Fact]
    public async Task A_stalled_answer_is_an_attempt_timeout_and_is_retried()
    {
        int calls = 0;
        var server = new StallingHandler(() => Interlocked.Increment(ref calls) == 1);
        var limiters = new CountingProvider();
        HttpClient http = new MdeHttpPipeline(Api, "aud", limiters, null) { Retry = new TransientRetryOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1), AttemptTimeout = TimeSpan.FromMilliseconds(300) } }.CreateClient(server);
        var api = new ThrottledLiveResponseApi(new LiveResponseApiClient(http), limiters);

        MachineAction action = await api.GetMachineActionAsync("1");

        Assert.Equal(MachineActionStatus.Succeeded, action.Status);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_post_is_not_retried_by_default()
    {
        (ILiveResponseApi api, RecordingHandler server) = Create(new CountingProvider(), _ => new HttpResponseMessage(HttpStatusCode.BadGateway));
        await Assert.ThrowsAsync<ApiException>(() => api.CancelMachineActionAsync("1", new CancelMachineActionRequest { Comment = "x" }));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        (ILiveResponseApi api, RecordingHandler server) = Create(new CountingProvider(), _ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        ApiException error = await Assert.ThrowsAsync<ApiException>(() => api.GetMachineActionAsync("1"));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Every_request_gets_one_token_from_the_source()
    {
        var tokens = new CountingTokenSource();
        (ILiveResponseApi api, RecordingHandler server) = Create(new CountingProvider(), _ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")), tokens);
        await api.GetMachineActionAsync("1");
        Assert.Equal("Bearer token-1", server.Last.Authorization);
        Assert.Equal(["https://api.securitycenter.microsoft.com"], tokens.Audiences);
    }

    [Fact]
    public async Task Di_registers_one_pipeline_per_api_however_many_clients_use_it()
    {
        var tokens = new CountingTokenSource();
        var server = new RecordingHandler(_ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));
        var services = new ServiceCollection();
        services.AddLiveResponseClient(options => options.TokenSource = tokens).ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddLiveResponseClient();
        await using ServiceProvider provider = services.BuildServiceProvider();

        LiveResponseResult status = await provider.GetRequiredService<LiveResponseClient>().GetStatusAsync("5382f7ea");

        Assert.Equal(MachineActionState.Succeeded, status.State);
        Assert.Single(tokens.Audiences);
        Assert.Equal("api.security.microsoft.com", server.Last.Uri.Host);
    }

    [Fact]
    public async Task Library_upload_follows_the_throttling_switch_and_the_refit_exception_factory()
    {
        var limiters = new CountingProvider();
        var server = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent("{}") });
        var services = new ServiceCollection();
        services.AddSingleton<IRateLimiterProvider>(limiters);
        services.AddLiveResponseClient(options =>
        {
            options.TokenSource = new CountingTokenSource();
            options.EnableThrottling = false;
            options.RefitSettings = new RefitSettings { ExceptionFactory = response => ValueTask.FromResult<Exception?>(new InvalidDataException("refused: " + (int)response.StatusCode)) };
        }).ConfigurePrimaryHttpMessageHandler(() => server);
        await using ServiceProvider provider = services.BuildServiceProvider();

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(
            () => provider.GetRequiredService<LiveResponseClient>().UploadLibraryFileAsync(new MemoryStream([1]), "a.ps1"));

        Assert.Equal("refused: 400", error.Message);
        Assert.Equal(0, limiters.Acquired);
        Assert.Equal("/api/libraryfiles", server.Last.PathAndQuery);
    }

    [Fact]
    public async Task Di_takes_the_base_address_and_audience_from_the_credentials_cloud()
    {
        var tokens = new CountingTokenSource();
        var server = new RecordingHandler(_ => RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json")));
        var services = new ServiceCollection();
        services.AddLiveResponseClient(options =>
        {
            options.Credentials = new MdeAuthOptions { Cloud = MdeCloud.GccHigh, TenantId = "t", ClientId = "c", ClientSecret = "s" };
            options.TokenSource = tokens;
        }).ConfigurePrimaryHttpMessageHandler(() => server);
        await using ServiceProvider provider = services.BuildServiceProvider();

        await provider.GetRequiredService<LiveResponseClient>().GetStatusAsync("1");

        Assert.Equal(MdeCloud.GccHigh.ApiBaseAddress.Host, server.Last.Uri.Host);
        Assert.Equal([MdeCloud.GccHigh.Audience], tokens.Audiences);
        ExactRateLimiterProvider limiters = Assert.IsType<ExactRateLimiterProvider>(provider.GetRequiredService<IRateLimiterProvider>());
        Assert.Equal("t", limiters.TenantId);
        Assert.Equal("c", limiters.ClientAppId);
    }

    /// <summary>Answers at once, but the first answer's body never finishes arriving.</summary>
    private sealed class StallingHandler(Func<bool> stall) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpContent body = stall()
                ? new StreamContent(new StallingStream())
                : new StringContent(DocsExamples.Read("get-machineaction.response.json"), System.Text.Encoding.UTF8, "application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = body, RequestMessage = request });
        }

        private sealed class StallingStream : MemoryStream
        {
            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
        }
    }

    private sealed class CountingProvider : IRateLimiterProvider
    {
        private int _acquired;

        public int Acquired => _acquired;

        public RateLimiter GetLimiter(EndpointDescription endpoint)
        {
            Interlocked.Increment(ref _acquired);
            return new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 100, QueueLimit = 0 });
        }
    }

    private sealed class CountingTokenSource : IAccessTokenSource
    {
        public List<string> Audiences { get; } = [];

        public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken)
        {
            lock (Audiences)
            {
                Audiences.Add(audience);
                return Task.FromResult(new MdeAccessToken("token-" + Audiences.Count, DateTimeOffset.UtcNow.AddHours(1)));
            }
        }
    }
}
