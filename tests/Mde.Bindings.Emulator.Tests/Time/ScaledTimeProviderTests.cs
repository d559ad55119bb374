using Mde.Bindings.Emulator.Time;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Emulator.Tests.Time;

/// <summary>--time-scale's clock, driven by a fake real clock: time and timers run x times faster.</summary>
public sealed class ScaledTimeProviderTests
{
    [Fact]
    public void Time_advances_scale_times_faster_than_the_real_clock()
    {
        var real = new FakeTimeProvider(TestEmulator.Start);
        var scaled = new ScaledTimeProvider(real, 60);
        long started = scaled.GetTimestamp();

        real.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(TestEmulator.Start + TimeSpan.FromMinutes(2), scaled.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(2), scaled.GetElapsedTime(started));
    }

    [Fact]
    public async Task A_delay_ends_after_its_scaled_share_of_real_time()
    {
        var real = new FakeTimeProvider(TestEmulator.Start);
        var scaled = new ScaledTimeProvider(real, 10);

        Task delay = Task.Delay(TimeSpan.FromSeconds(30), scaled);
        real.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(delay.IsCompleted);
        real.Advance(TimeSpan.FromSeconds(0.1));
        await delay.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_retry_after_is_given_in_real_time()
    {
        var scaled = new ScaledTimeProvider(new FakeTimeProvider(TestEmulator.Start), 60);

        Assert.Equal(TimeSpan.FromSeconds(1), ScaledTimeProvider.ToRealTime(scaled, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(1), ScaledTimeProvider.ToRealTime(TimeProvider.System, TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void A_scale_that_is_not_positive_is_refused(double scale) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(TimeProvider.System, scale));
}
