namespace Mde.Bindings.Throttling;

/// <summary>
/// The client-side limiter refused a permit, so the call was not sent: its queue of waiting callers is full.
/// Retry after <see cref="RetryAfter"/>, lower the concurrency, or raise the queue limit.
/// </summary>
/// <example>
/// <code>
/// try
/// {
///     MachineAction action = await api.GetMachineActionAsync(machineActionId);
/// }
/// catch (RateLimitRejectedException rejected)
/// {
///     Console.Error.WriteLine($"{rejected.Endpoint.Name}: too many callers waiting; try again in {rejected.RetryAfter}.");
/// }
/// </code>
/// </example>
public sealed class RateLimitRejectedException : Exception
{
    /// <summary>Creates the exception for <paramref name="endpoint"/>.</summary>
    public RateLimitRejectedException(EndpointDescription endpoint, TimeSpan? retryAfter, string? reason = null)
        : base(BuildMessage(endpoint, retryAfter, reason))
    {
        Endpoint = endpoint;
        RetryAfter = retryAfter;
    }

    /// <summary>The operation whose permit was refused.</summary>
    public EndpointDescription Endpoint { get; }

    /// <summary>How long until a permit is expected to be free, when the limiter knows.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string BuildMessage(EndpointDescription endpoint, TimeSpan? retryAfter, string? reason)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        string limits = string.Join(" + ", endpoint.Limits);
        string wait = retryAfter is { } r ? $" A permit is expected in {r.TotalSeconds:0.###} s." : string.Empty;
        string why = string.IsNullOrEmpty(reason) ? "the queue of waiting calls is full" : reason!;
        return $"The client-side rate limiter refused a call to {endpoint.OperationName} ({limits}): {why}.{wait} Retry later, lower the number of concurrent callers, or raise the queue limit.";
    }
}
