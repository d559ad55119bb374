using System.Threading.RateLimiting;

namespace Mde.Bindings.Throttling;

/// <summary>
/// Gives the rate limiter that guards an operation. One provider serves one partition owner (a tenant and
/// client app); inside it, each operation has its own limiter that enforces all of the operation's windows
/// at once. Generated <c>Throttled{Name}Api</c> decorators acquire a permit from it before every call;
/// <see cref="ExactRateLimiterProvider"/> is the default.
/// </summary>
/// <example>
/// <code>
/// IRateLimiterProvider limits = ExactRateLimiterProvider.Shared;
/// using (await limits.AcquireAsync(LiveResponseApiDescription.GetMachineAction, cancellationToken))
/// {
///     // a call of your own that spends GetMachineAction's quota
/// }
/// </code>
/// </example>
public interface IRateLimiterProvider
{
    /// <summary>Returns the limiter for <paramref name="endpoint"/>; the same instance for every call of the same operation.</summary>
    RateLimiter GetLimiter(EndpointDescription endpoint);

    /// <summary>
    /// Waits for a permit of <paramref name="endpoint"/> (every window at once) and returns its lease: dispose it when
    /// the call is done. An operation without limits gets a lease at once. Generated decorators and the pipeline call
    /// this before each request; call it yourself only around calls of your own.
    /// </summary>
    /// <exception cref="RateLimitRejectedException">The limiter refused the permit (its queue is full).</exception>
    /// <example>
    /// <code>
    /// using (await limits.AcquireAsync(LiveResponseApiDescription.GetMachineAction, cancellationToken))
    /// {
    ///     // one call of your own to GetMachineAction
    /// }
    /// </code>
    /// </example>
    ValueTask<RateLimitLease> AcquireAsync(EndpointDescription endpoint, CancellationToken cancellationToken = default) =>
        PermitAcquisition.AcquireAsync(this, endpoint, cancellationToken);
}
