using Mde.Bindings.Throttling;

namespace Mde.Bindings.Tests.Throttling;

/// <summary>
/// The window core both limiters decide with (in process, and the Redis one on its own grants during an outage).
/// The figures are the live response limits, 100 calls a minute and 1500 an hour (MicrosoftDocs/defender-docs,
/// defender-endpoint/api/get-live-response-result.md, "Limitations").
/// </summary>
public sealed class EnforcedWindowsTests
{
    private static readonly long Second = TimeSpan.TicksPerSecond;
    private static readonly RateLimitWindow PerMinute = new(100, TimeSpan.FromMinutes(1));
    private static readonly RateLimitWindow PerHour = new(1500, TimeSpan.FromHours(1));

    [Fact]
    public void A_grant_leaves_its_window_exactly_one_window_length_later()
    {
        EnforcedWindows windows = Settings().Enforce([new RateLimitWindow(1, TimeSpan.FromSeconds(10))]);
        GrantLog log = windows.NewLog();
        log.Append(0, 1);

        // A window is (t - length, t]: the grant still counts a tick before its length has passed, and not at it.
        Assert.Equal(10 * Second, windows.ReadyAt(log, 1));
        Assert.Equal(0, windows.Available(log, (10 * Second) - 1));
        Assert.Equal(1, windows.Available(log, 10 * Second));
    }

    [Fact]
    public void The_next_permits_wait_for_the_grant_that_would_overfill_the_tightest_window()
    {
        EnforcedWindows windows = Settings().Enforce([new RateLimitWindow(5, TimeSpan.FromSeconds(10)), new RateLimitWindow(12, TimeSpan.FromMinutes(1))]);
        GrantLog log = windows.NewLog();
        for (int s = 0; s < 5; s++)
        {
            log.Append(s * Second, 1);
        }

        // Two more need the window to hold at most 3 of the 5: the 4th newest (granted at 1 s) must leave it.
        Assert.Equal(11 * Second, windows.ReadyAt(log, 2));
        Assert.Equal(10 * Second, windows.ReadyAt(log, 1));

        // 0 permits asks whether one is free.
        Assert.Equal(windows.ReadyAt(log, 1), windows.ReadyAt(log, 0));
        Assert.Equal(0, windows.Available(log, 9 * Second));
        Assert.Equal(2, windows.Available(log, 11 * Second));
    }

    [Fact]
    public void The_longer_window_binds_when_it_is_full_and_the_shorter_one_is_not()
    {
        EnforcedWindows windows = Settings().Enforce([PerMinute, PerHour]);
        GrantLog log = windows.NewLog();
        for (int minute = 0; minute < 15; minute++)
        {
            log.Append(minute * 60 * Second, 100);
        }

        Assert.Equal(60 * 60 * Second, windows.ReadyAt(log, 1));
        Assert.Equal(0, windows.Available(log, 15 * 60 * Second));
    }

    [Fact]
    public void Nothing_holds_back_an_empty_log_or_a_limiter_without_windows()
    {
        EnforcedWindows windows = Settings().Enforce([PerMinute]);
        Assert.Equal(long.MinValue, windows.ReadyAt(windows.NewLog(), 100));
        Assert.Equal(0, windows.EmptySince(windows.NewLog()));

        EnforcedWindows none = Settings().Enforce([]);
        GrantLog log = none.NewLog();
        log.Append(5, 1000);
        Assert.Equal(0, log.Count);
        Assert.Equal(long.MinValue, none.ReadyAt(log, int.MaxValue));
        Assert.Equal(int.MaxValue, none.Available(log, 0));
        none.CheckPermitCount(int.MaxValue);
    }

    [Fact]
    public void The_safety_margin_lengthens_each_window_by_its_fraction_rounded_up_to_a_tick()
    {
        EnforcedWindows windows = Settings(margin: MultiWindowRateLimiterOptions.DefaultSafetyMargin).Enforce([PerMinute, PerHour, new RateLimitWindow(1, TimeSpan.FromTicks(150))]);

        Assert.Equal([TimeSpan.FromSeconds(60.6), TimeSpan.FromSeconds(3636), TimeSpan.FromTicks(152)], windows.All.ToArray().Select(w => w.Length));
        Assert.Equal(TimeSpan.FromSeconds(3636).Ticks, windows.LongestTicks);

        GrantLog log = windows.NewLog();
        log.Append(0, 1);
        Assert.Equal(TimeSpan.FromSeconds(3636).Ticks, windows.EmptySince(log));
    }

    [Fact]
    public void A_margin_of_zero_enforces_the_nominal_length()
    {
        EnforcedWindows windows = Settings(margin: 0).Enforce([PerMinute]);
        Assert.Equal(TimeSpan.FromMinutes(1), windows.All[0].Length);
    }

    [Fact]
    public void Reserved_permits_come_off_every_window_and_a_worker_gets_its_share_never_zero()
    {
        Assert.Equal([96, 1496], Settings(reserved: 4).Enforce([PerMinute, PerHour]).All.ToArray().Select(w => w.Limit));
        Assert.Equal([24, 374, 1], Settings(reserved: 4).Enforce([PerMinute, PerHour, new RateLimitWindow(5, TimeSpan.FromSeconds(1))], workers: 4).All.ToArray().Select(w => w.Limit));
    }

    [Fact]
    public void A_request_above_the_smallest_window_is_a_typed_error_that_names_the_most_to_ask()
    {
        EnforcedWindows windows = Settings(reserved: 10).Enforce([PerHour, PerMinute]);
        Assert.Equal(90, windows.LargestRequest);
        Assert.Equal(1490, windows.LogCapacity);

        windows.CheckPermitCount(90);
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => windows.CheckPermitCount(91));
        Assert.Equal("permitCount", error.ParamName);
        Assert.Equal(91, error.ActualValue);
        Assert.Contains("the smallest window admits 90. Ask for at most 90.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reservation_that_leaves_a_window_no_permit_is_refused_by_the_setting_s_name()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Settings(reserved: 100).Enforce([PerHour, PerMinute]));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("MultiWindowRateLimiterOptions.ReservedPermits (100) leaves no permit in the window 100/minute: reserve fewer than 100.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_windows_of_an_operation_are_refused_under_its_name()
    {
        var endpoint = new EndpointDescription("Test", "Reserved", "GET", "/reserved", ["Machine.Read.All"], [], [new RateLimitWindow(5, TimeSpan.FromSeconds(1))]);
        ArgumentException error = Assert.Throws<ArgumentException>(() => Settings(reserved: 5).Enforce(endpoint.Limits, endpoint));
        Assert.Equal("endpoint", error.ParamName);
        Assert.Contains("leaves no permit in the window 5/second of Test.Reserved: reserve fewer than 5.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 0)]
    [InlineData(5, -1)]
    public void An_empty_or_timeless_window_is_refused(int limit, int seconds)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => Settings().Enforce([PerMinute, new RateLimitWindow(limit, TimeSpan.FromSeconds(seconds))]));
        Assert.Contains("Rate-limit window 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("a permit limit of at least 1 and a positive length", error.Message, StringComparison.Ordinal);
    }

    private static LimiterSettings Settings(double margin = 0, int reserved = 0) =>
        new(nameof(MultiWindowRateLimiterOptions), "options", margin, reserved, 10, TimeProvider.System);
}
