namespace Mde.Bindings.Redis;

/// <summary>
/// The grants this process made in one partition, newest last, in a ring as long as the largest window's limit:
/// while Redis is unreachable they are what the process's share of the limits is counted against, and when Redis
/// comes back (perhaps restarted, empty) they are written back so that the shared log forgets none of them.
/// </summary>
internal sealed class OwnGrantLog
{
    private readonly long[] _stamps;
    private readonly long[] _ids;
    private int _next;
    private int _count;

    public OwnGrantLog(int capacity)
    {
        _stamps = new long[capacity];
        _ids = new long[capacity];
    }

    public int Count => _count;

    /// <summary>Records one grant per permit at <paramref name="stamp"/> (local ticks), with ids from <paramref name="firstId"/> up.</summary>
    public void Append(long stamp, long firstId, int permits)
    {
        if (_stamps.Length == 0)
        {
            return;
        }

        for (int i = 0; i < permits; i++)
        {
            _stamps[_next] = stamp;
            _ids[_next] = firstId + i;
            _next = _next + 1 == _stamps.Length ? 0 : _next + 1;
        }

        _count = Math.Min(_stamps.Length, _count + permits);
    }

    /// <summary>The time of the <paramref name="n"/>-th newest grant (1 is the newest); <paramref name="n"/> at most <see cref="Count"/>.</summary>
    public long NthNewestStamp(int n) => _stamps[Index(n)];

    /// <summary>The grants made after <paramref name="since"/>, oldest first.</summary>
    public IEnumerable<(long Stamp, long Id)> After(long since)
    {
        for (int n = _count; n >= 1; n--)
        {
            int i = Index(n);
            if (_stamps[i] > since)
            {
                yield return (_stamps[i], _ids[i]);
            }
        }
    }

    /// <summary>
    /// The earliest time each of <paramref name="windows"/> lets <paramref name="permits"/> more grants in, counting
    /// only this process's grants: the grant <c>limit − permits + 1</c> places back must have left its window.
    /// </summary>
    public long ReadyAt(IReadOnlyList<EnforcedWindow> windows, int permits)
    {
        long ready = long.MinValue;
        foreach (EnforcedWindow window in windows)
        {
            int blocking = window.Limit - Math.Max(permits, 1) + 1;
            if (blocking <= _count)
            {
                ready = Math.Max(ready, NthNewestStamp(blocking) + window.Length.Ticks);
            }
        }

        return ready;
    }

    /// <summary>The fewest permits any window has left for this process at <paramref name="now"/>.</summary>
    public int Remaining(IReadOnlyList<EnforcedWindow> windows, long now)
    {
        int fewest = int.MaxValue;
        foreach (EnforcedWindow window in windows)
        {
            int inWindow = 0;
            while (inWindow < _count && NthNewestStamp(inWindow + 1) > now - window.Length.Ticks)
            {
                inWindow++;
            }

            fewest = Math.Min(fewest, window.Limit - inWindow);
        }

        return Math.Max(0, fewest);
    }

    private int Index(int n)
    {
        int index = _next - n;
        return index < 0 ? index + _stamps.Length : index;
    }
}
