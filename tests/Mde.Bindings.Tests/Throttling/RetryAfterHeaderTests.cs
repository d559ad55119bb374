using System.Net;
using System.Net.Http.Headers;
using Mde.Bindings.Http;

namespace Mde.Bindings.Tests.Throttling;

public sealed class RetryAfterHeaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("30", 30)]
    [InlineData("0", 0)]
    [InlineData("Mon, 02 Mar 2026 10:01:15 GMT", 75)]
    [InlineData("Mon, 02 Mar 2026 09:59:00 GMT", 0)]
    public void Both_forms_are_read_as_a_wait(string value, int seconds)
    {
        Assert.True(RetryAfterHeader.TryParse(value, Now, out TimeSpan delay));
        Assert.Equal(TimeSpan.FromSeconds(seconds), delay);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    public void Missing_or_unreadable_values_are_not_a_wait(string? value)
    {
        Assert.False(RetryAfterHeader.TryParse(value, Now, out TimeSpan delay));
        Assert.Equal(TimeSpan.Zero, delay);
    }

    [Fact]
    public void A_response_without_retry_after_has_no_delay()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        Assert.Null(RetryAfterHeader.GetDelay(response, Now));
    }

    [Fact]
    public void A_date_is_measured_from_the_response_date_when_present()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.Date = Now.AddHours(1);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddHours(1).AddSeconds(20));

        Assert.Equal(TimeSpan.FromSeconds(20), RetryAfterHeader.GetDelay(response, Now));
    }
}
