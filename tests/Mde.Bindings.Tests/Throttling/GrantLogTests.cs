using Mde.Bindings.Throttling;

namespace Mde.Bindings.Tests.Throttling;

public sealed class GrantLogTests
{
    [Fact]
    public void A_full_log_keeps_the_newest_grants_in_order()
    {
        var log = new GrantLog(3);
        log.Append(10, 2);
        log.Append(20, 1);
        log.Append(30, 2);

        Assert.Equal(3, log.Count);
        Assert.Equal([30, 30, 20], new[] { log.NthNewest(1), log.NthNewest(2), log.NthNewest(3) });
        Assert.Equal(30, log.Newest);
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(9, 5)]
    [InlineData(10, 3)]
    [InlineData(19, 3)]
    [InlineData(20, 1)]
    [InlineData(30, 0)]
    public void CountAfter_counts_only_grants_later_than_the_time(long stamp, int expected)
    {
        var log = new GrantLog(8);
        log.Append(0, 1);
        log.Append(10, 2);
        log.Append(20, 2);
        log.Append(30, 1);

        Assert.Equal(expected, log.CountAfter(stamp));
    }

    [Fact]
    public void A_clone_takes_grants_without_touching_the_original()
    {
        var log = new GrantLog(4, keepIds: true);
        log.Append(1, 2, firstId: 7);
        GrantLog copy = log.Clone();
        copy.Append(2, 2, firstId: 9);

        Assert.Equal(2, log.Count);
        Assert.Equal(1, log.Newest);
        Assert.Equal([(1L, 7L), (1L, 8L), (2L, 9L), (2L, 10L)], copy.After(0));
        Assert.Equal([(1L, 7L), (1L, 8L)], log.After(0));
    }

    [Fact]
    public void After_lists_the_ids_of_grants_still_in_the_ring_oldest_first()
    {
        var log = new GrantLog(3, keepIds: true);
        log.Append(100, 2, firstId: 1);
        log.Append(200, 2, firstId: 3);

        // The ring holds 3: the first grant's first permit was overwritten.
        Assert.Equal([(100L, 2L), (200L, 3L), (200L, 4L)], log.After(0));
        Assert.Equal([(200L, 3L), (200L, 4L)], log.After(100));
        Assert.Empty(log.After(200));
    }

    [Fact]
    public void A_log_without_ids_refuses_to_invent_them()
    {
        var log = new GrantLog(2);
        log.Append(1, 1, firstId: 5);
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => log.After(0).ToList());
        Assert.Contains("keepIds", error.Message, StringComparison.Ordinal);
    }
}
