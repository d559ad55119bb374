using System.Net.Http.Headers;

namespace Mde.Bindings.Http;

/// <summary>
/// Reads a server's <c>Retry-After</c> as a wait: either delta seconds (<c>Retry-After: 30</c>) or an HTTP date
/// (<c>Retry-After: Wed, 21 Oct 2026 07:28:00 GMT</c>).
/// </summary>
internal static class RetryAfterHeader
{
    /// <summary>
    /// The wait <paramref name="response"/> asks for, or <see langword="null"/> when it has no valid <c>Retry-After</c>.
    /// A date is measured from the response's own <c>Date</c> header when it has one (so the client's clock skew does
    /// not count), otherwise from <paramref name="now"/>. A date in the past is no wait.
    /// </summary>
    public static TimeSpan? GetDelay(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        return GetDelay(response.Headers.RetryAfter, response.Headers.Date ?? now);
    }

    /// <summary>
    /// Parses a <c>Retry-After</c> value (delta seconds or HTTP date, a date measured from <paramref name="now"/>).
    /// </summary>
    /// <returns><see langword="false"/> when <paramref name="value"/> is missing or neither form.</returns>
    public static bool TryParse(string? value, DateTimeOffset now, out TimeSpan delay)
    {
        TimeSpan? parsed = RetryConditionHeaderValue.TryParse(value, out RetryConditionHeaderValue? header) ? GetDelay(header, now) : null;
        delay = parsed ?? TimeSpan.Zero;
        return parsed is not null;
    }

    private static TimeSpan? GetDelay(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
        {
            return delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
        }

        if (header?.Date is { } date)
        {
            return date > now ? date - now : TimeSpan.Zero;
        }

        return null;
    }
}
