using System.Threading.RateLimiting;
using Mde.Bindings.Auth;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.Throttling;

/// <summary>
/// The one factory from credentials to rate limiters, used by LiveResponseClient, the service registration and mde-lr:
/// partitions owned by the credentials' tenant and app, windows on the given clock.
/// </summary>
public sealed class RateLimiterProvidersTests
{
    private readonly FakeTimeProvider _clock = new();

    public static TheoryData<MdeAuthOptions?, string, string> Owners => new()
    {
        { new MdeAuthOptions { TenantId = "tenant-a", ClientId = "app-1", ClientSecret = "s" }, "tenant-a", "app-1" },
        { new MdeAuthOptions(), ExactRateLimiterProvider.DefaultPartitionOwner, ExactRateLimiterProvider.DefaultPartitionOwner },
        { null, ExactRateLimiterProvider.DefaultPartitionOwner, ExactRateLimiterProvider.DefaultPartitionOwner },
    };

    [Theory]
    [MemberData(nameof(Owners))]
    public void The_partitions_belong_to_the_credentials_tenant_and_app(MdeAuthOptions? credentials, string tenant, string app)
    {
        using ExactRateLimiterProvider provider = RateLimiterProviders.ForCredentials(credentials, _clock);

        Assert.Equal((tenant, app), (provider.TenantId, provider.ClientAppId));
        Assert.Equal(new RateLimitPartitionKey(tenant, app, "RunLiveResponse"), provider.GetPartitionKey(TestEndpoints.RunLiveResponse));
    }

    [Fact]
    public void Its_windows_run_on_the_given_clock()
    {
        using ExactRateLimiterProvider provider = RateLimiterProviders.ForCredentials(new MdeAuthOptions { TenantId = "clock-tenant", ClientId = "clock-app" }, _clock);
        RateLimiter limiter = provider.GetLimiter(TestEndpoints.RunLiveResponse);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(limiter.AttemptAcquire().IsAcquired);
        }

        Assert.False(limiter.AttemptAcquire().IsAcquired);
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }
}
