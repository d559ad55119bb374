namespace Mde.Bindings.Emulator.RateLimiting;

/// <summary>
/// The exact record of one caller's admitted calls to one endpoint: a call is admitted only when, for every window,
/// fewer than the limit's calls happened in the window that ends now. Not thread-safe; the owner locks.
/// </summary>
internal sealed class RollingWindowLog
{
    private readonly IReadOnlyList<RateLimitWindow> _windows;
    private readonly TimeSpan _longest;
    private readonly Queue<DateTimeOffset> _calls = new();

    public RollingWindowLog(IReadOnlyList<RateLimitWindow> windows)
    {
        _windows = windows;
        _longest = windows.Count == 0 ? TimeSpan.Zero : windows.Max(w => w.Window);
    }

    /// <summary>Admits and records a call at <paramref name="now"/>, or tells how long until one would be admitted.</summary>
    public bool TryAdmit(DateTimeOffset now, out TimeSpan retryAfter)
    {
        // A call at time t stays in a window of length w while now - w < t.
        while (_calls.Count > 0 && _calls.Peek() <= now - _longest)
        {
            _calls.Dequeue();
        }

        retryAfter = TimeSpan.Zero;
        DateTimeOffset[]? calls = null;
        foreach (RateLimitWindow window in _windows)
        {
            calls ??= [.. _calls];
            int inWindow = CountSince(calls, now - window.Window);
            if (inWindow < window.PermitLimit)
            {
                continue;
            }

            // The oldest (inWindow - limit + 1) calls of the window must leave; the last of them is the limit-th newest.
            DateTimeOffset mustLeave = calls[calls.Length - window.PermitLimit];
            TimeSpan wait = mustLeave + window.Window - now;
            retryAfter = wait > retryAfter ? wait : retryAfter;
        }

        if (retryAfter > TimeSpan.Zero)
        {
            return false;
        }

        _calls.Enqueue(now);
        return true;
    }

    private static int CountSince(DateTimeOffset[] calls, DateTimeOffset windowStart)
    {
        // Calls are in time order: find the first inside the window.
        int low = 0;
        int high = calls.Length;
        while (low < high)
        {
            int mid = (low + high) / 2;
            if (calls[mid] <= windowStart)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return calls.Length - low;
    }
}
