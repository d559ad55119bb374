namespace Mde.Bindings.Tests.Throttling;

/// <summary>Operation descriptions shaped like the live response API's, for limiter tests.</summary>
internal static class TestEndpoints
{
    public static readonly RateLimitWindow[] MinuteAndHour = [new(100, TimeSpan.FromMinutes(1)), new(1500, TimeSpan.FromHours(1))];

    public static readonly EndpointDescription GetResultLink = Create("GetLiveResponseResultDownloadLink", MinuteAndHour);

    public static readonly EndpointDescription GetMachineAction = Create("GetMachineAction", MinuteAndHour);

    public static readonly EndpointDescription RunLiveResponse = Create("RunLiveResponse", [new(10, TimeSpan.FromMinutes(1))]);

    public static readonly EndpointDescription Unlimited = Create("Unlimited", []);

    public static EndpointDescription Create(string name, RateLimitWindow[] limits) =>
        new("LiveResponse", name, "GET", "/api/" + name, ["Machine.LiveResponse"], ["Machine.LiveResponse"], limits);
}
