using System.ComponentModel;
using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;

namespace Mde.Bindings.GeneratedCode;

/// <summary>
/// For generated code: not meant to be called directly.
/// Runs an operation's call once its permit is granted: the body of every method of a generated <c>Throttled{Name}Api</c>.
/// A permit granted at once by this library's limiters holds nothing to give back, so the call's own task is returned
/// as it is, without an async layer around it; any other lease is held until the call completes.
/// </summary>
/// <remarks>
/// The call and its arguments come as a static lambda and a state value (the inner API and the arguments), so that a
/// call allocates neither a closure nor a delegate.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ThrottledCall
{
    /// <summary>Waits for a permit of <paramref name="endpoint"/>, then returns <paramref name="call"/>(<paramref name="state"/>).</summary>
    /// <exception cref="RateLimitRejectedException">The limiter refused the permit (its queue is full).</exception>
    public static Task<TResult> RunAsync<TState, TResult>(IRateLimiterProvider limiters, EndpointDescription endpoint, TState state, Func<TState, CancellationToken, Task<TResult>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ValueTask<RateLimitLease> permit = limiters.AcquireAsync(endpoint, cancellationToken);
        if (!permit.IsCompletedSuccessfully)
        {
            return CallAfterPermitAsync(permit, state, call, cancellationToken);
        }

        RateLimitLease lease = permit.Result;
        return LimiterLease.HoldsNothing(lease) ? call(state, cancellationToken) : CallAfterPermitAsync(new ValueTask<RateLimitLease>(lease), state, call, cancellationToken);
    }

    /// <summary>Waits for a permit of <paramref name="endpoint"/>, then returns <paramref name="call"/>(<paramref name="state"/>).</summary>
    /// <exception cref="RateLimitRejectedException">The limiter refused the permit (its queue is full).</exception>
    public static Task RunAsync<TState>(IRateLimiterProvider limiters, EndpointDescription endpoint, TState state, Func<TState, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ValueTask<RateLimitLease> permit = limiters.AcquireAsync(endpoint, cancellationToken);
        if (!permit.IsCompletedSuccessfully)
        {
            return CallAfterPermitAsync(permit, state, call, cancellationToken);
        }

        RateLimitLease lease = permit.Result;
        return LimiterLease.HoldsNothing(lease) ? call(state, cancellationToken) : CallAfterPermitAsync(new ValueTask<RateLimitLease>(lease), state, call, cancellationToken);
    }

    private static async Task<TResult> CallAfterPermitAsync<TState, TResult>(ValueTask<RateLimitLease> permit, TState state, Func<TState, CancellationToken, Task<TResult>> call, CancellationToken cancellationToken)
    {
        using (await permit.ConfigureAwait(false))
        {
            return await call(state, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CallAfterPermitAsync<TState>(ValueTask<RateLimitLease> permit, TState state, Func<TState, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        using (await permit.ConfigureAwait(false))
        {
            await call(state, cancellationToken).ConfigureAwait(false);
        }
    }
}
