using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>
/// Gives the rate limiter that guards an operation. One provider serves one partition owner (a tenant and
/// client app); inside it, each operation has its own limiter that enforces all of the operation's windows
/// at once. Generated <c>Throttled{Name}Api</c> decorators acquire a permit from it before every call;
/// <see cref="ExactRateLimiterProvider"/> is the default.
/// </summary>
public interface IRateLimiterProvider
{
    /// <summary>Returns the limiter for <paramref name="endpoint"/>; the same instance for every call of the same operation.</summary>
    RateLimiter GetLimiter(EndpointDescription endpoint);
}
