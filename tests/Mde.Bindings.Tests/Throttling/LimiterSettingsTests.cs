using Mde.Bindings.Throttling;

namespace Mde.Bindings.Tests.Throttling;

/// <summary>The one check of the settings the in-process and the Redis limiter share.</summary>
public sealed class LimiterSettingsTests
{
    [Theory]
    [InlineData(nameof(LimiterSettings.SafetyMargin), "between 0 and 1")]
    [InlineData(nameof(LimiterSettings.ReservedPermits), "use 0 or more")]
    [InlineData(nameof(LimiterSettings.QueueLimit), "use 0 (never queue) or more")]
    [InlineData(nameof(LimiterSettings.TimeProvider), "use TimeProvider.System or a test clock")]
    public void A_setting_out_of_range_is_named_through_its_options_type_with_the_fix(string setting, string fix)
    {
        LimiterSettings valid = new("SomeOptions", null, 0.01, 0, 10, TimeProvider.System);
        LimiterSettings wrong = setting switch
        {
            nameof(LimiterSettings.SafetyMargin) => valid with { SafetyMargin = -0.5 },
            nameof(LimiterSettings.ReservedPermits) => valid with { ReservedPermits = -1 },
            nameof(LimiterSettings.QueueLimit) => valid with { QueueLimit = -1 },
            _ => valid with { TimeProvider = null },
        };

        valid.Validate();
        ArgumentException error = Assert.Throws<ArgumentException>(wrong.Validate);
        Assert.StartsWith("SomeOptions." + setting + " is ", error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);

        // Without a parameter name of its own, the error names the setting; with one, that parameter.
        Assert.Equal(setting, error.ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>((wrong with { ParamName = "options" }).Validate).ParamName);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(1.0001)]
    [InlineData(double.PositiveInfinity)]
    public void A_margin_that_is_not_a_fraction_is_refused(double margin)
    {
        Assert.Throws<ArgumentException>(new LimiterSettings("SomeOptions", null, margin, 0, 0, TimeProvider.System).Validate);
    }

    [Fact]
    public void Both_options_types_hand_their_values_to_the_shared_settings()
    {
        var options = new MultiWindowRateLimiterOptions { SafetyMargin = 0.2, ReservedPermits = 3, QueueLimit = 7 };
        Assert.Equal(new LimiterSettings(nameof(MultiWindowRateLimiterOptions), "options", 0.2, 3, 7, TimeProvider.System), options.Settings);
    }
}
