using System.Net;
using System.Net.Http.Headers;
using System.Threading.RateLimiting;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Http;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.Throttling;

public sealed class RetryAfterFeedbackHandlerTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
    private readonly ExactRateLimiterProvider _provider;

    public RetryAfterFeedbackHandlerTests()
    {
        _provider = new ExactRateLimiterProvider("tenant-a", "app-1", new ExactRateLimiterProviderOptions { SafetyMargin = 0, TimeProvider = _clock });
    }

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task A_429_with_delta_seconds_pauses_only_that_operation_for_that_long()
    {
        var server = new StubServer(() => TooManyRequests(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30))));

        using HttpResponseMessage response = await Send(server, TestEndpoints.GetResultLink);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), PausedFor(TestEndpoints.GetResultLink));
        Assert.True(_provider.GetLimiter(TestEndpoints.GetMachineAction).AttemptAcquire().IsAcquired);
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(_provider.GetLimiter(TestEndpoints.GetResultLink).AttemptAcquire().IsAcquired);
    }

    [Fact]
    public async Task A_429_with_an_http_date_pauses_until_that_date_measured_by_the_server_clock()
    {
        // The server's clock runs 5 minutes ahead of ours; the 45 s it asks for are 45 s, not 5 min 45 s.
        DateTimeOffset serverNow = _clock.GetUtcNow() + TimeSpan.FromMinutes(5);
        var server = new StubServer(() => TooManyRequests(h =>
        {
            h.Date = serverNow;
            h.RetryAfter = new RetryConditionHeaderValue(serverNow + TimeSpan.FromSeconds(45));
        }));

        using HttpResponseMessage response = await Send(server, TestEndpoints.GetResultLink);

        Assert.Equal(TimeSpan.FromSeconds(45), PausedFor(TestEndpoints.GetResultLink));
    }

    [Fact]
    public async Task An_http_date_without_a_date_header_is_measured_by_our_clock()
    {
        DateTimeOffset until = _clock.GetUtcNow() + TimeSpan.FromSeconds(90);
        var server = new StubServer(() => TooManyRequests(h => h.TryAddWithoutValidation("Retry-After", until.ToString("r"))));

        using HttpResponseMessage response = await Send(server, TestEndpoints.GetResultLink);

        Assert.Equal(TimeSpan.FromSeconds(90), PausedFor(TestEndpoints.GetResultLink));
    }

    [Fact]
    public async Task A_429_without_retry_after_pauses_for_the_default()
    {
        var server = new StubServer(() => TooManyRequests(_ => { }));

        using HttpResponseMessage response = await Send(server, TestEndpoints.GetResultLink);

        Assert.Equal(RetryAfterFeedbackHandler.DefaultRetryAfter, PausedFor(TestEndpoints.GetResultLink));
    }

    [Fact]
    public async Task A_configured_default_is_used_when_retry_after_is_unreadable()
    {
        var server = new StubServer(() => TooManyRequests(h => h.TryAddWithoutValidation("Retry-After", "soon")));

        using HttpResponseMessage response = await Send(server, TestEndpoints.GetResultLink, TimeSpan.FromSeconds(12));

        Assert.Equal(TimeSpan.FromSeconds(12), PausedFor(TestEndpoints.GetResultLink));
    }

    [Fact]
    public async Task Other_statuses_and_requests_without_an_operation_change_nothing_and_nothing_is_retried()
    {
        var ok = new StubServer(() => new HttpResponseMessage(HttpStatusCode.OK));
        using (await Send(ok, TestEndpoints.GetResultLink))
        {
        }

        var throttled = new StubServer(() => TooManyRequests(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30))));
        using var invoker = new HttpMessageInvoker(new RetryAfterFeedbackHandler(_provider, _clock) { InnerHandler = throttled });
        using var plain = new HttpRequestMessage(HttpMethod.Get, "https://api.security.microsoft.com/api/machines");
        using HttpResponseMessage response = await invoker.SendAsync(plain, CancellationToken.None);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(1, ok.Calls);
        Assert.Equal(1, throttled.Calls);
        Assert.True(_provider.GetLimiter(TestEndpoints.GetResultLink).AttemptAcquire().IsAcquired);
    }

    [Fact]
    public async Task A_waiting_caller_is_held_back_by_a_429_reported_meanwhile()
    {
        RateLimiter limiter = _provider.GetLimiter(TestEndpoints.RunLiveResponse);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(limiter.AttemptAcquire().IsAcquired);
        }

        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync();
        var server = new StubServer(() => TooManyRequests(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(100))));
        using (await Send(server, TestEndpoints.RunLiveResponse))
        {
        }

        _clock.Advance(TimeSpan.FromSeconds(60));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True(Leases.Completed(waiting).IsAcquired);
    }

    [Fact]
    public void The_synchronous_send_path_reports_too()
    {
        var server = new StubServer(() => TooManyRequests(h => h.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(8))));
        using var client = new HttpClient(new RetryAfterFeedbackHandler(_provider, _clock) { InnerHandler = server });
        using HttpRequestMessage request = Request(TestEndpoints.GetResultLink);

        using HttpResponseMessage response = client.Send(request);

        Assert.Equal(TimeSpan.FromSeconds(8), PausedFor(TestEndpoints.GetResultLink));
    }

    private async Task<HttpResponseMessage> Send(StubServer server, EndpointDescription endpoint, TimeSpan? defaultRetryAfter = null)
    {
        using var invoker = new HttpMessageInvoker(new RetryAfterFeedbackHandler(_provider, _clock, defaultRetryAfter) { InnerHandler = server }, disposeHandler: false);
        using HttpRequestMessage request = Request(endpoint);
        return await invoker.SendAsync(request, CancellationToken.None);
    }

    private static HttpRequestMessage Request(EndpointDescription endpoint)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://api.security.microsoft.com" + endpoint.PathTemplate);
        request.Options.Set(MdeRequestOptions.Endpoint, endpoint);
        return request;
    }

    private static HttpResponseMessage TooManyRequests(Action<HttpResponseHeaders> headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        headers(response.Headers);
        return response;
    }

    private TimeSpan PausedFor(EndpointDescription endpoint)
    {
        using RateLimitLease lease = _provider.GetLimiter(endpoint).AttemptAcquire();
        Assert.False(lease.IsAcquired, "the operation should be paused");
        Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait));
        return wait;
    }

    private sealed class StubServer(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(Send(request, cancellationToken));

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return respond();
        }
    }
}
