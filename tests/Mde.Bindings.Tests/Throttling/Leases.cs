using System.Threading.RateLimiting;

namespace Mde.Bindings.Tests.Throttling;

/// <summary>Reads a lease task that a limiter must already have completed (the fake clock completes them synchronously).</summary>
internal static class Leases
{
    public static RateLimitLease Completed(ValueTask<RateLimitLease> task)
    {
        Assert.True(task.IsCompletedSuccessfully, "the lease should have been handed out by now");
        return task.Result;
    }
}
