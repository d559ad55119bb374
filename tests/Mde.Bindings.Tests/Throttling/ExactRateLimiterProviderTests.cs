using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.Throttling;

public sealed class ExactRateLimiterProviderTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Each_operation_has_its_own_partition_keyed_by_tenant_app_and_operation()
    {
        using ExactRateLimiterProvider provider = Create("tenant-a", "app-1");

        Assert.Equal(new RateLimitPartitionKey("tenant-a", "app-1", "GetLiveResponseResultDownloadLink"), provider.GetPartitionKey(TestEndpoints.GetResultLink));
        Assert.Equal("tenant-a/app-1/GetMachineAction", provider.GetPartitionKey(TestEndpoints.GetMachineAction).ToString());
        Assert.Same(provider.GetLimiter(TestEndpoints.GetResultLink), provider.GetLimiter(TestEndpoints.GetResultLink));
        Assert.NotSame(provider.GetLimiter(TestEndpoints.GetResultLink), provider.GetLimiter(TestEndpoints.GetMachineAction));
    }

    [Fact]
    public void Exhausting_one_operation_leaves_the_others_free()
    {
        using ExactRateLimiterProvider provider = Create("tenant-a", "app-1");
        Exhaust(provider.GetLimiter(TestEndpoints.GetResultLink), 100);

        Assert.False(provider.GetLimiter(TestEndpoints.GetResultLink).AttemptAcquire().IsAcquired);
        Assert.True(provider.GetLimiter(TestEndpoints.GetMachineAction).AttemptAcquire().IsAcquired);
    }

    [Theory]
    [InlineData("tenant-b", "app-1")]
    [InlineData("tenant-a", "app-2")]
    public void Another_tenant_or_app_has_its_own_quota(string tenant, string app)
    {
        using ExactRateLimiterProvider first = Create("tenant-a", "app-1");
        using ExactRateLimiterProvider second = Create(tenant, app);
        Exhaust(first.GetLimiter(TestEndpoints.GetResultLink), 100);
        first.Pause(TestEndpoints.GetMachineAction, _clock.GetUtcNow() + TimeSpan.FromMinutes(5));

        Assert.NotEqual(first.GetPartitionKey(TestEndpoints.GetResultLink), second.GetPartitionKey(TestEndpoints.GetResultLink));
        Assert.True(second.GetLimiter(TestEndpoints.GetResultLink).AttemptAcquire().IsAcquired);
        Assert.True(second.GetLimiter(TestEndpoints.GetMachineAction).AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void Pause_holds_back_only_that_operation_until_the_given_time()
    {
        using ExactRateLimiterProvider provider = Create("tenant-a", "app-1");
        provider.Pause(TestEndpoints.GetResultLink, _clock.GetUtcNow() + TimeSpan.FromSeconds(20));

        using RateLimitLease paused = provider.GetLimiter(TestEndpoints.GetResultLink).AttemptAcquire();
        Assert.False(paused.IsAcquired);
        Assert.True(paused.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait));
        Assert.Equal(TimeSpan.FromSeconds(20), wait);
        Assert.True(provider.GetLimiter(TestEndpoints.GetMachineAction).AttemptAcquire().IsAcquired);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(provider.GetLimiter(TestEndpoints.GetResultLink).AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void An_operation_without_limits_is_free_but_still_honours_a_pause()
    {
        using ExactRateLimiterProvider provider = Create("tenant-a", "app-1");
        Exhaust(provider.GetLimiter(TestEndpoints.Unlimited), 5000);

        provider.ReportRetryAfter(TestEndpoints.Unlimited, TimeSpan.FromSeconds(3));
        Assert.False(provider.GetLimiter(TestEndpoints.Unlimited).AttemptAcquire().IsAcquired);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(provider.GetLimiter(TestEndpoints.Unlimited).AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void Operations_declared_to_share_a_quota_share_one_limiter()
    {
        var options = new ExactRateLimiterProviderOptions { SafetyMargin = 0, TimeProvider = _clock };
        options.SharedPartitions["GetLiveResponseResultDownloadLink"] = "MachineActions";
        options.SharedPartitions["GetMachineAction"] = "MachineActions";
        using var provider = new ExactRateLimiterProvider("tenant-a", "app-1", options);

        Assert.Same(provider.GetLimiter(TestEndpoints.GetResultLink), provider.GetLimiter(TestEndpoints.GetMachineAction));
        Assert.Equal("MachineActions", provider.GetPartitionKey(TestEndpoints.GetMachineAction).Endpoint);
        Exhaust(provider.GetLimiter(TestEndpoints.GetResultLink), 100);
        Assert.False(provider.GetLimiter(TestEndpoints.GetMachineAction).AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void Sharing_a_partition_between_operations_with_different_limits_is_an_error()
    {
        var options = new ExactRateLimiterProviderOptions { TimeProvider = _clock };
        options.SharedPartitions["GetLiveResponseResultDownloadLink"] = "Shared";
        options.SharedPartitions["RunLiveResponse"] = "Shared";
        using var provider = new ExactRateLimiterProvider("tenant-a", "app-1", options);
        _ = provider.GetLimiter(TestEndpoints.GetResultLink);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => provider.GetLimiter(TestEndpoints.RunLiveResponse));
        Assert.Contains("different limits", error.Message, StringComparison.Ordinal);
        Assert.Contains("SharedPartitions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_provider_applies_its_options_to_every_partition()
    {
        using ExactRateLimiterProvider provider = new("tenant-a", "app-1", new ExactRateLimiterProviderOptions { ReservedPermits = 5, QueueLimit = 0, TimeProvider = _clock });
        RateLimiter limiter = provider.GetLimiter(TestEndpoints.RunLiveResponse);
        Exhaust(limiter, 5);

        ValueTask<RateLimitLease> refused = limiter.AcquireAsync();
        Assert.True(refused.IsCompleted);
        Assert.False(Leases.Completed(refused).IsAcquired);
        Assert.True(Leases.Completed(refused).TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait));
        Assert.Equal(TimeSpan.FromMilliseconds(60_600), wait);
    }

    [Fact]
    public async Task AcquireAsync_through_the_provider_throws_a_typed_exception_when_refused()
    {
        using ExactRateLimiterProvider provider = new("tenant-a", "app-1", new ExactRateLimiterProviderOptions { QueueLimit = 0, SafetyMargin = 0, TimeProvider = _clock });
        Exhaust(provider.GetLimiter(TestEndpoints.RunLiveResponse), 10);

        RateLimitRejectedException error = await Assert.ThrowsAsync<RateLimitRejectedException>(async () => await provider.AcquireAsync(TestEndpoints.RunLiveResponse));
        Assert.Equal(TimeSpan.FromMinutes(1), error.RetryAfter);
        Assert.Contains("queue is full", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_the_provider_refuses_waiters_and_further_limiters()
    {
        ExactRateLimiterProvider provider = Create("tenant-a", "app-1");
        RateLimiter limiter = provider.GetLimiter(TestEndpoints.RunLiveResponse);
        Exhaust(limiter, 10);
        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync();

        provider.Dispose();
        Assert.False(Leases.Completed(waiting).IsAcquired);
        Assert.Throws<ObjectDisposedException>(() => provider.GetLimiter(TestEndpoints.GetMachineAction));
    }

    [Theory]
    [InlineData("", "app")]
    [InlineData("tenant", " ")]
    public void Empty_tenant_or_app_is_refused(string tenant, string app)
    {
        Assert.ThrowsAny<ArgumentException>(() => new ExactRateLimiterProvider(tenant, app));
    }

    [Fact]
    public void Invalid_options_are_refused_when_the_provider_is_made()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new ExactRateLimiterProvider("t", "a", new ExactRateLimiterProviderOptions { SafetyMargin = 2 }));
        Assert.Contains("SafetyMargin", error.Message, StringComparison.Ordinal);
    }

    private ExactRateLimiterProvider Create(string tenant, string app) =>
        new(tenant, app, new ExactRateLimiterProviderOptions { SafetyMargin = 0, TimeProvider = _clock });

    [Fact]
    public async Task A_call_that_waits_for_its_permit_is_not_counted_as_refused()
    {
        using ExactRateLimiterProvider provider = Create("tenant-a", "app-1");
        RateLimiter limiter = provider.GetLimiter(TestEndpoints.GetResultLink);
        Exhaust(limiter, 100);

        ValueTask<RateLimitLease> waiting = provider.AcquireAsync(TestEndpoints.GetResultLink);
        ValueTask<RateLimitLease> behind = provider.AcquireAsync(TestEndpoints.GetResultLink);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentQueuedCount);

        _clock.Advance(TimeSpan.FromMinutes(1));
        using RateLimitLease first = await waiting;
        using RateLimitLease second = await behind;
        Assert.True(first.IsAcquired && second.IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()!.TotalFailedLeases);
    }

    private static void Exhaust(RateLimiter limiter, int calls)
    {
        for (int i = 0; i < calls; i++)
        {
            Assert.True(limiter.AttemptAcquire().IsAcquired);
        }
    }
}
