namespace Mde.Bindings;

/// <summary>One rate limit of an endpoint: at most <paramref name="PermitLimit"/> calls in any <paramref name="Window"/>.</summary>
/// <param name="PermitLimit">The number of calls the window admits.</param>
/// <param name="Window">The length of the rolling window.</param>
/// <example>
/// <code>
/// foreach (RateLimitWindow window in LiveResponseApiDescription.GetMachineAction.Limits)
/// {
///     Console.WriteLine($"{window.PermitLimit} calls per {window.Window}");   // 100 per 00:01:00, 1500 per 01:00:00
/// }
/// </code>
/// </example>
public readonly record struct RateLimitWindow(int PermitLimit, TimeSpan Window)
{
    /// <summary>Formats the window the way specs write it, for example <c>100/minute</c>.</summary>
    public override string ToString()
    {
        string unit = Window == TimeSpan.FromSeconds(1) ? "second"
            : Window == TimeSpan.FromMinutes(1) ? "minute"
            : Window == TimeSpan.FromHours(1) ? "hour"
            : Window == TimeSpan.FromDays(1) ? "day"
            : Window.ToString();
        return $"{PermitLimit}/{unit}";
    }
}
