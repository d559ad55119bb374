using System.Text.Json;
using Mde.Bindings.Protocol;
using Refit;

namespace Mde.Bindings;

/// <summary>
/// The error body every Defender API answer carries on failure (<c>{"error":{"code","message","target"}}</c>): a
/// documented <see cref="Code"/>, a free-text <see cref="Message"/>, and a <see cref="Target"/> correlation id to quote
/// to support.
/// </summary>
/// <param name="Code">The documented error code, such as <c>ResourceNotFound</c> or <c>ActiveRequestAlreadyExists</c>.</param>
/// <param name="Message">The service's explanation (its wording may change).</param>
/// <param name="Target">The correlation id of the failed call.</param>
internal sealed record MdeApiError(string Code, string? Message, string? Target)
{
    /// <summary>
    /// <see cref="Message"/> as one line of plain text: an HTML page the service sometimes puts in the message is reduced
    /// to its text (<see cref="ErrorMessageText.Clean"/>). Null when the service gave no message.
    /// </summary>
    public string? DisplayMessage => ErrorMessageText.Clean(Message);

    /// <summary>The code, the readable message and the correlation id, for one line of a log or an exception message.</summary>
    public string Describe() =>
        Code
        + (DisplayMessage is { } message ? ": " + message : string.Empty)
        + (string.IsNullOrWhiteSpace(Target) ? string.Empty : " (correlation id " + Target + ")");

    /// <summary>Reads the error body of a failed call; null when the body is missing or not the documented shape.</summary>
    public static MdeApiError? TryRead(ApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return TryRead(exception.Content);
    }

    /// <summary>Reads an error body; null when it is missing or not the documented shape.</summary>
    public static MdeApiError? TryRead(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            ErrorResponse? response = JsonSerializer.Deserialize(body, LiveResponseJsonContext.Default.ErrorResponse);
            return response is null ? null : new MdeApiError(response.Error.Code, response.Error.Message, response.Error.Target);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
