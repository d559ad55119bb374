using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.Tests.Throttling;

public sealed class LeaseTotalsTests
{
    [Fact]
    public void Leases_are_counted_per_request_and_a_zero_permit_probe_is_no_lease()
    {
        var totals = new LeaseTotals();
        totals.Granted(3);
        totals.Granted(0);
        totals.Refused(1);
        totals.Refused(0);
        totals.Refused(2);

        RateLimiterStatistics statistics = totals.Statistics(availablePermits: 7, queuedPermits: 4);
        Assert.Equal(1, statistics.TotalSuccessfulLeases);
        Assert.Equal(2, statistics.TotalFailedLeases);
        Assert.Equal(7, statistics.CurrentAvailablePermits);
        Assert.Equal(4, statistics.CurrentQueuedCount);
    }
}
