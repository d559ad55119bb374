namespace Mde.Bindings.Emulator.RateLimiting;

/// <summary>
/// The exact record of one caller's admitted calls to one endpoint: a call is admitted only when, for every window,
/// fewer than the limit's calls happened in the window that ends now. Not thread-safe; the owner locks.
/// </summary>
internal sealed class RollingWindowLog
{
    private readonly IReadOnlyList<RateLimitWindow> _windows;
    private readonly TimeSpan _longest;

    // In time order, oldest first; searched in place so an admission copies nothing.
    private readonly List<DateTimeOffset> _calls = [];

    public RollingWindowLog(IReadOnlyList<RateLimitWindow> windows)
    {
        _windows = windows;
        _longest = windows.Count == 0 ? TimeSpan.Zero : windows.Max(w => w.Window);
    }

    /// <summary>Admits and records a call at <paramref name="now"/>, or tells how long until one would be admitted.</summary>
    public bool TryAdmit(DateTimeOffset now, out TimeSpan retryAfter)
    {
        // A call at time t stays in a window of length w while now - w < t.
        _calls.RemoveRange(0, FirstAfter(now - _longest));

        retryAfter = TimeSpan.Zero;
        foreach (RateLimitWindow window in _windows)
        {
            int inWindow = _calls.Count - FirstAfter(now - window.Window);
            if (inWindow < window.PermitLimit)
            {
                continue;
            }

            // The oldest (inWindow - limit + 1) calls of the window must leave; the last of them is the limit-th newest.
            DateTimeOffset mustLeave = _calls[_calls.Count - window.PermitLimit];
            TimeSpan wait = mustLeave + window.Window - now;
            retryAfter = wait > retryAfter ? wait : retryAfter;
        }

        if (retryAfter > TimeSpan.Zero)
        {
            return false;
        }

        _calls.Add(now);
        return true;
    }

    /// <summary>The index of the first recorded call later than <paramref name="instant"/> (the count if none is).</summary>
    private int FirstAfter(DateTimeOffset instant)
    {
        int low = 0;
        int high = _calls.Count;
        while (low < high)
        {
            int mid = (low + high) / 2;
            if (_calls[mid] <= instant)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
