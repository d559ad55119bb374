using System.Threading.RateLimiting;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.Throttling;

public sealed class MultiWindowRateLimiterTests
{
    private static readonly RateLimitWindow PerMinute = new(100, TimeSpan.FromMinutes(1));
    private static readonly RateLimitWindow PerHour = new(1500, TimeSpan.FromHours(1));
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void The_101st_call_in_a_minute_waits_exactly_until_the_first_leaves_the_window()
    {
        using MultiWindowRateLimiter limiter = Create();
        Grant(limiter, 1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Grant(limiter, 99);

        using RateLimitLease refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(59), RetryAfter(refused));

        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync();
        _clock.Advance(TimeSpan.FromSeconds(59) - OneTick);
        Assert.False(waiting.IsCompleted);
        _clock.Advance(OneTick);
        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.True(Leases.Completed(waiting).IsAcquired);

        // The other 99 were granted a second later, so the next permit is a second away, not sooner.
        Assert.Equal(TimeSpan.FromSeconds(1), RetryAfter(limiter.AttemptAcquire()));
    }

    [Fact]
    public void The_minute_window_binds_while_the_hour_has_room()
    {
        using MultiWindowRateLimiter limiter = Create();
        Grant(limiter, 100);

        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.Equal(TimeSpan.FromMinutes(1), RetryAfter(limiter.AttemptAcquire()));

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(100, limiter.GetStatistics()!.CurrentAvailablePermits);
        Grant(limiter, 100);
    }

    [Fact]
    public void The_hour_window_binds_once_1500_calls_are_made_even_when_the_minute_window_is_free()
    {
        using MultiWindowRateLimiter limiter = Create();
        for (int minute = 0; minute < 15; minute++)
        {
            Grant(limiter, 100);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        // Now t = 15 min: the minute window is empty but the hour holds 1500 grants, the first 100 made at t = 0.
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);
        Assert.Equal(TimeSpan.FromMinutes(45), RetryAfter(limiter.AttemptAcquire()));

        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync();
        _clock.Advance(TimeSpan.FromMinutes(45) - OneTick);
        Assert.False(waiting.IsCompleted);
        _clock.Advance(OneTick);
        Assert.True(Leases.Completed(waiting).IsAcquired);
        Assert.Equal(99, limiter.GetStatistics()!.CurrentAvailablePermits);
    }

    [Fact]
    public void A_request_for_several_permits_waits_until_all_of_them_are_free()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(5, TimeSpan.FromSeconds(10)));
        Grant(limiter, 2);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Grant(limiter, 3);

        // Three permits need the two from t = 0 and one from t = 3 to leave: at t = 13.
        Assert.Equal(TimeSpan.FromSeconds(10), RetryAfter(limiter.AttemptAcquire(3)));
        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync(3);
        _clock.Advance(TimeSpan.FromSeconds(7));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(Leases.Completed(waiting).IsAcquired);
    }

    [Fact]
    public void Waiters_are_served_first_in_first_out_and_newcomers_do_not_jump_the_queue()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(3, TimeSpan.FromSeconds(10)));
        Grant(limiter, 3);

        ValueTask<RateLimitLease> first = limiter.AcquireAsync(2);
        ValueTask<RateLimitLease> second = limiter.AcquireAsync(1);
        ValueTask<RateLimitLease> third = limiter.AcquireAsync(3);
        Assert.Equal(6, limiter.GetStatistics()!.CurrentQueuedCount);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(Leases.Completed(first).IsAcquired);
        Assert.True(Leases.Completed(second).IsAcquired);
        Assert.False(third.IsCompleted);

        // A permit is not free, but even a free one would not go to a newcomer while someone waits.
        Assert.False(limiter.AttemptAcquire(1).IsAcquired);
        ValueTask<RateLimitLease> fourth = limiter.AcquireAsync(1);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(Leases.Completed(third).IsAcquired);
        Assert.False(fourth.IsCompleted);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(Leases.Completed(fourth).IsAcquired);
    }

    [Fact]
    public void A_head_waiting_for_many_permits_holds_back_a_smaller_request_behind_it()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(4, TimeSpan.FromSeconds(10)));
        Grant(limiter, 2);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Grant(limiter, 2);

        ValueTask<RateLimitLease> big = limiter.AcquireAsync(4);
        ValueTask<RateLimitLease> small = limiter.AcquireAsync(1);
        _clock.Advance(TimeSpan.FromSeconds(5));

        // Two permits are free at t = 10, enough for the small request, but it is behind the big one.
        Assert.False(big.IsCompleted);
        Assert.False(small.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True(Leases.Completed(big).IsAcquired);
        Assert.False(small.IsCompleted);
    }

    [Fact]
    public void A_full_queue_refuses_at_once_with_the_exact_wait_and_a_reason()
    {
        using MultiWindowRateLimiter limiter = Create(2, new RateLimitWindow(2, TimeSpan.FromMinutes(1)));
        Grant(limiter, 2);
        ValueTask<RateLimitLease> first = limiter.AcquireAsync();
        ValueTask<RateLimitLease> second = limiter.AcquireAsync();

        ValueTask<RateLimitLease> third = limiter.AcquireAsync();
        Assert.True(third.IsCompletedSuccessfully);
        using RateLimitLease refused = Leases.Completed(third);
        Assert.False(refused.IsAcquired);

        // The two queued are granted at 1 min; a third permit frees when the first of those leaves, at 2 min.
        Assert.Equal(TimeSpan.FromMinutes(2), RetryAfter(refused));
        Assert.True(refused.TryGetMetadata(MetadataName.ReasonPhrase, out string? reason));
        Assert.Contains("queue is full", reason, StringComparison.Ordinal);
        Assert.Equal(1, limiter.GetStatistics()!.TotalFailedLeases);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(Leases.Completed(first).IsAcquired);
        Assert.True(Leases.Completed(second).IsAcquired);
    }

    [Fact]
    public void A_queue_limit_of_zero_never_queues()
    {
        using MultiWindowRateLimiter limiter = Create(0, new RateLimitWindow(1, TimeSpan.FromSeconds(30)));
        Grant(limiter, 1);

        ValueTask<RateLimitLease> refused = limiter.AcquireAsync();
        Assert.True(refused.IsCompleted);
        Assert.False(Leases.Completed(refused).IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter(Leases.Completed(refused)));
    }

    [Fact]
    public async Task Cancelling_a_waiter_removes_it_at_once_and_the_next_one_is_still_served()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(1, TimeSpan.FromSeconds(10)));
        Grant(limiter, 1);
        using var cancel = new CancellationTokenSource();
        ValueTask<RateLimitLease> first = limiter.AcquireAsync(1, CancellationToken.None);
        ValueTask<RateLimitLease> cancelled = limiter.AcquireAsync(1, cancel.Token);
        ValueTask<RateLimitLease> third = limiter.AcquireAsync(1, CancellationToken.None);
        Assert.Equal(3, limiter.GetStatistics()!.CurrentQueuedCount);

        cancel.Cancel();
        Assert.True(cancelled.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await cancelled);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentQueuedCount);

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(Leases.Completed(first).IsAcquired);
        Assert.False(third.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(Leases.Completed(third).IsAcquired);
    }

    [Fact]
    public void Cancelling_the_head_serves_a_smaller_request_behind_it_at_once_when_its_permits_are_free()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(3, TimeSpan.FromSeconds(10)));
        Grant(limiter, 1);
        using var cancel = new CancellationTokenSource();
        ValueTask<RateLimitLease> big = limiter.AcquireAsync(3, cancel.Token);
        ValueTask<RateLimitLease> small = limiter.AcquireAsync(2, CancellationToken.None);
        Assert.False(small.IsCompleted);

        cancel.Cancel();
        Assert.True(big.IsCanceled);
        Assert.True(small.IsCompletedSuccessfully);
        Assert.True(Leases.Completed(small).IsAcquired);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
    }

    [Fact]
    public void An_already_cancelled_token_queues_nothing()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(1, TimeSpan.FromSeconds(10)));
        ValueTask<RateLimitLease> cancelled = limiter.AcquireAsync(1, new CancellationToken(canceled: true));

        Assert.True(cancelled.IsCanceled);
        Assert.Equal(0, limiter.GetStatistics()!.CurrentQueuedCount);
        Assert.True(limiter.AttemptAcquire().IsAcquired);
    }

    [Fact]
    public void A_pause_holds_every_grant_back_until_its_end_exactly()
    {
        using MultiWindowRateLimiter limiter = Create();
        limiter.Pause(_clock.GetUtcNow() + TimeSpan.FromSeconds(30));

        using RateLimitLease refused = limiter.AttemptAcquire();
        Assert.False(refused.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter(refused));
        Assert.Equal(0, limiter.GetStatistics()!.CurrentAvailablePermits);

        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync();
        _clock.Advance(TimeSpan.FromSeconds(30) - OneTick);
        Assert.False(waiting.IsCompleted);
        _clock.Advance(OneTick);
        Assert.True(Leases.Completed(waiting).IsAcquired);
    }

    [Fact]
    public void A_pause_reschedules_a_waiter_that_was_due_sooner_and_a_shorter_pause_changes_nothing()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(1, TimeSpan.FromSeconds(10)));
        Grant(limiter, 1);
        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync();

        limiter.Pause(TimeSpan.FromSeconds(25));
        limiter.Pause(TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(15));
        Assert.True(Leases.Completed(waiting).IsAcquired);
    }

    [Fact]
    public void Statistics_report_the_tightest_window_the_queue_and_the_totals()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(10, TimeSpan.FromSeconds(10)), new RateLimitWindow(15, TimeSpan.FromMinutes(1)));
        Grant(limiter, 8);
        Assert.Equal(2, limiter.GetStatistics()!.CurrentAvailablePermits);

        _clock.Advance(TimeSpan.FromSeconds(10));
        // The 10-second window is empty again, but the minute holds 8 of its 15.
        Assert.Equal(7, limiter.GetStatistics()!.CurrentAvailablePermits);
        Grant(limiter, 7);
        Assert.False(limiter.AttemptAcquire(1).IsAcquired);
        _ = limiter.AcquireAsync(2);

        RateLimiterStatistics statistics = limiter.GetStatistics()!;
        Assert.Equal(0, statistics.CurrentAvailablePermits);
        Assert.Equal(2, statistics.CurrentQueuedCount);
        Assert.Equal(15, statistics.TotalSuccessfulLeases);
        Assert.Equal(1, statistics.TotalFailedLeases);
    }

    [Fact]
    public void Zero_permits_checks_availability_without_spending_a_permit()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(1, TimeSpan.FromSeconds(10)));
        Assert.True(limiter.AttemptAcquire(0).IsAcquired);
        Assert.True(limiter.AttemptAcquire(0).IsAcquired);
        Grant(limiter, 1);

        using RateLimitLease probe = limiter.AttemptAcquire(0);
        Assert.False(probe.IsAcquired);
        Assert.Equal(TimeSpan.FromSeconds(10), RetryAfter(probe));

        ValueTask<RateLimitLease> waitForFree = limiter.AcquireAsync(0);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(Leases.Completed(waitForFree).IsAcquired);
        Assert.True(limiter.AttemptAcquire(1).IsAcquired);
    }

    [Fact]
    public void More_permits_than_the_smallest_window_admits_is_an_error()
    {
        using MultiWindowRateLimiter limiter = Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(101));
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = limiter.AcquireAsync(1501); });
        Assert.Contains("at most 100", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(-1));
        Assert.True(limiter.AttemptAcquire(100).IsAcquired);
    }

    [Fact]
    public void Disposing_refuses_pending_waiters_and_later_calls_throw()
    {
        MultiWindowRateLimiter limiter = Create(new RateLimitWindow(1, TimeSpan.FromSeconds(10)));
        Grant(limiter, 1);
        ValueTask<RateLimitLease> pending = limiter.AcquireAsync();

        limiter.Dispose();
        Assert.True(pending.IsCompletedSuccessfully);
        Assert.False(Leases.Completed(pending).IsAcquired);
        Assert.True(Leases.Completed(pending).TryGetMetadata(MetadataName.ReasonPhrase, out string? reason));
        Assert.Contains("disposed", reason, StringComparison.Ordinal);
        Assert.Throws<ObjectDisposedException>(() => limiter.AttemptAcquire());
        Assert.Throws<ObjectDisposedException>(() => { _ = limiter.AcquireAsync(); });
        limiter.Dispose();
    }

    [Fact]
    public async Task DisposeAsync_refuses_pending_waiters_too()
    {
        MultiWindowRateLimiter limiter = Create(new RateLimitWindow(1, TimeSpan.FromSeconds(10)));
        Grant(limiter, 1);
        ValueTask<RateLimitLease> pending = limiter.AcquireAsync();

        await limiter.DisposeAsync();
        Assert.False((await pending).IsAcquired);
    }

    [Fact]
    public void Idle_duration_counts_from_when_the_longest_window_emptied()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(2, TimeSpan.FromSeconds(10)), new RateLimitWindow(5, TimeSpan.FromMinutes(1)));
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), limiter.IdleDuration);

        Grant(limiter, 1);
        Assert.Null(limiter.IdleDuration);
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(limiter.IdleDuration);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(4), limiter.IdleDuration);

        limiter.Pause(TimeSpan.FromSeconds(10));
        Assert.Null(limiter.IdleDuration);
        _clock.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal(TimeSpan.FromSeconds(2), limiter.IdleDuration);
    }

    [Fact]
    public void Idle_duration_is_null_while_someone_waits()
    {
        using MultiWindowRateLimiter limiter = Create(new RateLimitWindow(1, TimeSpan.FromSeconds(10)));
        Grant(limiter, 1);
        _ = limiter.AcquireAsync();
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(limiter.IdleDuration);
    }

    [Fact]
    public void The_default_safety_margin_lengthens_each_window_by_one_percent()
    {
        using var limiter = new MultiWindowRateLimiter(new MultiWindowRateLimiterOptions
        {
            Windows = [PerMinute, PerHour],
            TimeProvider = _clock,
        });
        Grant(limiter, 100);

        Assert.Equal(TimeSpan.FromMilliseconds(60_600), RetryAfter(limiter.AttemptAcquire()));
        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync();
        _clock.Advance(TimeSpan.FromMilliseconds(60_600) - OneTick);
        Assert.False(waiting.IsCompleted);
        _clock.Advance(OneTick);
        Assert.True(Leases.Completed(waiting).IsAcquired);
    }

    [Fact]
    public void Reserved_permits_are_held_back_from_every_window()
    {
        using var limiter = new MultiWindowRateLimiter(new MultiWindowRateLimiterOptions
        {
            Windows = [PerMinute, PerHour],
            SafetyMargin = 0,
            ReservedPermits = 10,
            TimeProvider = _clock,
        });
        Assert.Equal(90, limiter.GetStatistics()!.CurrentAvailablePermits);
        Grant(limiter, 90);
        Assert.False(limiter.AttemptAcquire().IsAcquired);
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(91));
    }

    [Fact]
    public void Without_windows_every_permit_is_granted_except_during_a_pause()
    {
        using var limiter = new MultiWindowRateLimiter(new MultiWindowRateLimiterOptions { TimeProvider = _clock });
        for (int i = 0; i < 10_000; i++)
        {
            Assert.True(limiter.AttemptAcquire().IsAcquired);
        }

        limiter.Pause(TimeSpan.FromSeconds(7));
        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter(limiter.AttemptAcquire()));
        ValueTask<RateLimitLease> waiting = limiter.AcquireAsync(1000);
        _clock.Advance(TimeSpan.FromSeconds(7));
        Assert.True(Leases.Completed(waiting).IsAcquired);
    }

    [Theory]
    [InlineData(0, 60, 0.01, 0, 10)]
    [InlineData(5, 0, 0.01, 0, 10)]
    [InlineData(5, 60, -0.1, 0, 10)]
    [InlineData(5, 60, 1.5, 0, 10)]
    [InlineData(5, 60, 0.01, 5, 10)]
    [InlineData(5, 60, 0.01, -1, 10)]
    [InlineData(5, 60, 0.01, 0, -1)]
    public void Invalid_options_are_refused_with_a_message_that_names_the_fix(int permitLimit, int windowSeconds, double margin, int reserved, int queueLimit)
    {
        var options = new MultiWindowRateLimiterOptions
        {
            Windows = [new RateLimitWindow(permitLimit, TimeSpan.FromSeconds(windowSeconds))],
            SafetyMargin = margin,
            ReservedPermits = reserved,
            QueueLimit = queueLimit,
            TimeProvider = _clock,
        };

        ArgumentException error = Assert.Throws<ArgumentException>(() => new MultiWindowRateLimiter(options));
        Assert.Matches("use|at least|between|fewer", error.Message);
    }

    private MultiWindowRateLimiter Create(params RateLimitWindow[] windows) => Create(MultiWindowRateLimiterOptions.DefaultQueueLimit, windows);

    private MultiWindowRateLimiter Create(int queueLimit, params RateLimitWindow[] windows) => new(new MultiWindowRateLimiterOptions
    {
        Windows = windows.Length == 0 ? [PerMinute, PerHour] : windows,
        SafetyMargin = 0,
        QueueLimit = queueLimit,
        TimeProvider = _clock,
    });

    private static void Grant(MultiWindowRateLimiter limiter, int calls)
    {
        for (int i = 0; i < calls; i++)
        {
            using RateLimitLease lease = limiter.AttemptAcquire();
            Assert.True(lease.IsAcquired, $"call {i + 1} of {calls} was refused");
        }
    }

    private static TimeSpan RetryAfter(RateLimitLease lease)
    {
        Assert.False(lease.IsAcquired);
        Assert.True(lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan wait), "a refused lease carries RetryAfter");
        return wait;
    }
}
