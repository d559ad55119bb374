namespace Mde.Bindings.Throttling;

/// <summary>
/// The times of the most recent grants, oldest to newest, in a ring buffer. One entry per permit; it keeps as many
/// entries as the largest window admits, which is all a window rule ever needs to look back.
/// </summary>
internal sealed class GrantLog
{
    private readonly long[] _stamps;
    private int _next;
    private int _count;

    public GrantLog(int capacity)
    {
        _stamps = new long[capacity];
    }

    private GrantLog(GrantLog source)
    {
        _stamps = (long[])source._stamps.Clone();
        _next = source._next;
        _count = source._count;
    }

    /// <summary>How many entries the log holds (never more than its capacity).</summary>
    public int Count => _count;

    /// <summary>The time of the newest grant; only valid when <see cref="Count"/> is not zero.</summary>
    public long Newest => NthNewest(1);

    /// <summary>A copy to project future grants on without touching this log.</summary>
    public GrantLog Clone() => new(this);

    /// <summary>Records <paramref name="permits"/> grants at <paramref name="stamp"/>, overwriting the oldest entries when full.</summary>
    public void Append(long stamp, int permits)
    {
        int capacity = _stamps.Length;
        if (capacity == 0)
        {
            return;
        }

        for (int i = 0; i < permits; i++)
        {
            _stamps[_next] = stamp;
            _next = _next + 1 == capacity ? 0 : _next + 1;
        }

        _count = Math.Min(capacity, _count + permits);
    }

    /// <summary>The time of the <paramref name="n"/>-th newest grant (1 is the newest); <paramref name="n"/> must be at most <see cref="Count"/>.</summary>
    public long NthNewest(int n)
    {
        int index = _next - n;
        return _stamps[index < 0 ? index + _stamps.Length : index];
    }

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
}
