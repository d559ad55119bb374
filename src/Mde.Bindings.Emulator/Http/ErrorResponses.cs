using System.Globalization;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Http;

/// <summary>Writes the documented error body <c>{"error":{"code","message","target"}}</c>; 429s carry Retry-After in seconds.</summary>
internal static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, RequestError error)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        }

        var body = new ErrorResponse
        {
            Error = new ErrorDetail { Code = error.Code, Message = error.Message, Target = Guid.NewGuid().ToString() },
        };
        return JsonResponses.WriteAsync(context, error.StatusCode, body, ProtocolJson.Context.ErrorResponse);
    }

    public static Task WriteAsync(HttpContext context, int statusCode, string code, string message) =>
        WriteAsync(context, new RequestError(statusCode, code, message));

    /// <summary>Whole seconds, rounded up and at least 1: waiting that long is always enough.</summary>
    public static long RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
}
