using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Mde.Bindings.Http;

/// <summary>Builds the retry handler every API client uses, from Polly's HTTP retry strategy.</summary>
internal static class TransientRetry
{
    /// <summary>A handler that retries transient failures as <paramref name="options"/> say, on <paramref name="timeProvider"/>'s clock.</summary>
    public static DelegatingHandler CreateHandler(TransientRetryOptions? options = null, TimeProvider? timeProvider = null)
    {
        options ??= new TransientRetryOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetryAttempts, nameof(options.MaxRetryAttempts));

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context, args.Outcome, options.RetryPost)),
            });
        }

        // ResilienceHandler is marked experimental in the 8.10 and 9.0 releases (the net8.0 floor is 8.10.0) and stable,
        // with this same constructor, in 10.0: the net8.0 build accepts the mark rather than lift net8.0 apps to 10.0.
#pragma warning disable EXTEXP0001
        return new ResilienceHandler(builder.Build());
#pragma warning restore EXTEXP0001
    }

    /// <summary>Whether an attempt's outcome is worth another attempt.</summary>
    internal static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome, bool retryPost)
    {
        HttpRequestMessage? request = context.GetRequestMessage();
        if (request is null || (request.Method == HttpMethod.Post && !retryPost) || request.Method == HttpMethod.Patch)
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutException;
        }

        return outcome.Result?.StatusCode is HttpStatusCode.RequestTimeout
            or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout;
    }
}
