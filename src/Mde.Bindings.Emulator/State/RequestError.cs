namespace Mde.Bindings.Emulator.State;

/// <summary>An error answer: the HTTP status and the documented error code, with a message for people.</summary>
internal sealed record RequestError(int StatusCode, string Code, string Message, TimeSpan? RetryAfter = null)
{
    public static RequestError InvalidRequestBody(string message) => new(400, "InvalidRequestBody", message);

    public static RequestError MissingRequiredParameter(string message) => new(400, "MissingRequiredParameter", message);

    public static RequestError BadRequest(string message) => new(400, "BadRequest", message);

    public static RequestError NotFound(string message) => new(404, "ResourceNotFound", message);

    public static RequestError Forbidden(string code, string message) => new(403, code, message);

    public static RequestError TooManyRequests(string message, TimeSpan retryAfter) => new(429, "TooManyRequests", message, retryAfter);
}
