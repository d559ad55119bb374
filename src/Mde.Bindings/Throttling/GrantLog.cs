namespace Mde.Bindings.Throttling;

/// <summary>
/// The times of the most recent grants, oldest to newest, in a ring buffer. One entry per permit; it keeps as many
/// entries as the largest window admits, which is all a window rule ever needs to look back. A log made with ids
/// also keeps each grant's id (the Redis limiter writes its own grants back under them after an outage).
/// </summary>
/// <remarks>Not thread-safe: its limiter reads and writes it under its lock. Times never go backwards.</remarks>
internal sealed class GrantLog
{
    private readonly long[] _stamps;
    private readonly long[] _ids;
    private int _next;
    private int _count;

    public GrantLog(int capacity, bool keepIds = false)
    {
        _stamps = new long[capacity];
        _ids = keepIds ? new long[capacity] : [];
    }

    private GrantLog(GrantLog source)
    {
        _stamps = (long[])source._stamps.Clone();
        _ids = source._ids.Length == 0 ? [] : (long[])source._ids.Clone();
        _next = source._next;
        _count = source._count;
    }

    /// <summary>How many entries the log holds (never more than its capacity).</summary>
    public int Count => _count;

    /// <summary>The time of the newest grant; only valid when <see cref="Count"/> is not zero.</summary>
    public long Newest => NthNewest(1);

    /// <summary>A copy to project future grants on without touching this log.</summary>
    public GrantLog Clone() => new(this);

    /// <summary>
    /// Records <paramref name="permits"/> grants at <paramref name="stamp"/>, overwriting the oldest entries when full;
    /// a log with ids numbers them from <paramref name="firstId"/> up.
    /// </summary>
    public void Append(long stamp, int permits, long firstId = 0)
    {
        int capacity = _stamps.Length;
        if (capacity == 0)
        {
            return;
        }

        bool keepIds = _ids.Length != 0;
        for (int i = 0; i < permits; i++)
        {
            _stamps[_next] = stamp;
            if (keepIds)
            {
                _ids[_next] = firstId + i;
            }

            _next = _next + 1 == capacity ? 0 : _next + 1;
        }

        _count = Math.Min(capacity, _count + permits);
    }

    /// <summary>The time of the <paramref name="n"/>-th newest grant (1 is the newest); <paramref name="n"/> must be at most <see cref="Count"/>.</summary>
    public long NthNewest(int n) => _stamps[Index(n)];

    /// <summary>How many entries are later than <paramref name="stamp"/> (entries are in time order, so a binary search).</summary>
    public int CountAfter(long stamp)
    {
        // Find the smallest n such that the n-th newest entry is at or before stamp; the n-1 newer ones are after it.
        int low = 1, high = _count + 1;
        while (low < high)
        {
            int mid = (low + high) >>> 1;
            if (NthNewest(mid) <= stamp)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low - 1;
    }

    /// <summary>The grants made after <paramref name="since"/> with their ids, oldest first; only for a log made with ids.</summary>
    public IEnumerable<(long Stamp, long Id)> After(long since)
    {
        if (_ids.Length == 0)
        {
            throw new InvalidOperationException("This grant log keeps no ids: make it with keepIds to read them back.");
        }

        for (int n = CountAfter(since); n >= 1; n--)
        {
            int i = Index(n);
            yield return (_stamps[i], _ids[i]);
        }
    }

    private int Index(int n)
    {
        int index = _next - n;
        return index < 0 ? index + _stamps.Length : index;
    }
}
