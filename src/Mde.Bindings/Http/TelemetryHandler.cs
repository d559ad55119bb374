using System.Diagnostics;
using Mde.Bindings.GeneratedCode;
using Mde.Bindings.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mde.Bindings.Http;

/// <summary>
/// Traces, counts, times and logs each API call under the operation it belongs to (from the request's
/// <see cref="EndpointDescription"/>). URLs are logged without their query; tokens and links never are.
/// </summary>
internal sealed partial class TelemetryHandler : DelegatingHandler
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the handler.</summary>
    public TelemetryHandler(ILogger<TelemetryHandler>? logger = null, TimeProvider? timeProvider = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        EndpointDescription? endpoint = request.GetEndpoint();
        string operation = endpoint is null ? "(unknown)" : endpoint.OperationName;
        using Activity? activity = MdeTelemetry.ActivitySource.StartActivity(operation, ActivityKind.Internal);

        // The redacted address is built only for a trace or a log entry that is written: most calls have neither.
        string? target = null;
        if (activity is not null)
        {
            target = Redaction.Redact(request.RequestUri);
            activity.SetTag("mde.operation", operation);
            activity.SetTag("http.request.method", request.Method.Method);
            activity.SetTag("url.full", target);
        }

        long started = _timeProvider.GetTimestamp();
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            double seconds = _timeProvider.GetElapsedTime(started).TotalSeconds;
            int status = (int)response.StatusCode;
            var tags = new TagList { { "mde.operation", operation }, { "http.response.status_code", status } };
            MdeTelemetry.Requests.Add(1, tags);
            MdeTelemetry.RequestDuration.Record(seconds, tags);
            activity?.SetTag("http.response.status_code", status);

            if (status >= 500 || status == 429)
            {
                activity?.SetStatus(ActivityStatusCode.Error);
                LogServerError(_logger, operation, request.Method.Method, target ?? Redaction.Redact(request.RequestUri), status);
            }
            else if (_logger.IsEnabled(LogLevel.Debug))
            {
                LogCompleted(_logger, operation, request.Method.Method, target ?? Redaction.Redact(request.RequestUri), status, seconds * 1000);
            }

            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            MdeTelemetry.Requests.Add(1, new TagList { { "mde.operation", operation }, { "error.type", ex.GetType().Name } });
            LogFailed(_logger, operation, request.Method.Method, target ?? Redaction.Redact(request.RequestUri), ex.GetType().Name);
            throw;
        }
    }

    // Debug: the caller checks the level first, so that the redacted address is not built for nothing.
    [LoggerMessage(100, LogLevel.Debug, "{Operation}: {Method} {Target} answered {StatusCode} in {ElapsedMs:0.0} ms.", SkipEnabledCheck = true)]
    private static partial void LogCompleted(ILogger logger, string operation, string method, string target, int statusCode, double elapsedMs);

    [LoggerMessage(102, LogLevel.Warning, "{Operation}: {Method} {Target} answered {StatusCode}.")]
    private static partial void LogServerError(ILogger logger, string operation, string method, string target, int statusCode);

    [LoggerMessage(103, LogLevel.Warning, "{Operation}: {Method} {Target} failed before an answer ({Error}).")]
    private static partial void LogFailed(ILogger logger, string operation, string method, string target, string error);
}
