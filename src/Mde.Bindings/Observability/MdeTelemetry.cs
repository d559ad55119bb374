using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Mde.Bindings.Observability;

/// <summary>
/// The names under which Mde.Bindings reports traces and metrics. Subscribe to <see cref="Name"/> with OpenTelemetry
/// (<c>AddSource</c>, <c>AddMeter</c>) or a <see cref="MeterListener"/>. Links and tokens never appear in any tag.
/// </summary>
internal static class MdeTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Mde.Bindings";

    private static readonly string? s_version = typeof(MdeTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>The source of the activities that wrap each API call.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, s_version);

    internal static Meter Meter { get; } = new(Name, s_version);

    /// <summary>API calls by operation and status code.</summary>
    internal static Counter<long> Requests { get; } = Meter.CreateCounter<long>("mde.client.requests", "{request}", "API calls sent, by operation and HTTP status code.");

    /// <summary>429 answers: the client's limits did not match the server's.</summary>
    internal static Counter<long> ServerThrottled { get; } = Meter.CreateCounter<long>("mde.client.server_throttled", "{response}", "429 Too Many Requests answers from the API.");

    /// <summary>How long API calls take.</summary>
    internal static Histogram<double> RequestDuration { get; } = Meter.CreateHistogram<double>("mde.client.request.duration", "s", "Time from sending an API call to its response headers.");

    /// <summary>How long callers wait for a rate-limit permit.</summary>
    internal static Histogram<double> LimiterWait { get; } = Meter.CreateHistogram<double>("mde.client.limiter.wait", "s", "Time a call waited for its rate-limit permits.");

    /// <summary>Callers currently waiting for a permit.</summary>
    internal static UpDownCounter<long> LimiterQueueLength { get; } = Meter.CreateUpDownCounter<long>("mde.client.limiter.queue_length", "{caller}", "Calls waiting for a rate-limit permit.");
}
