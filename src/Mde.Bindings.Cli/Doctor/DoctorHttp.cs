using System.Text.Json;

namespace Mde.Bindings.Cli.Doctor;

/// <summary>
/// The doctor's reads of the API: raw GETs through the tool's HTTP pipeline (token, retries), answered with the
/// status and the JSON body whatever the status, so that a refusal is reported as the service worded it.
/// </summary>
internal static class DoctorHttp
{
    public static async Task<(int Status, JsonElement Body)> GetAsync(HttpClient http, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, http.BaseAddress!.ToString().TrimEnd('/') + "/" + pathAndQuery.TrimStart('/'));
        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        string text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement body = default;
        try
        {
            body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, say): the status alone tells the story.
        }

        return ((int)response.StatusCode, body);
    }

    /// <summary>The service's error text, <c>code: message</c>, or the status alone.</summary>
    public static string ErrorText(int status, JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object
        && error.TryGetProperty("code", out JsonElement code)
            ? $"{status} {code.GetString()}: {(error.TryGetProperty("message", out JsonElement message) ? ErrorMessageText.Clean(message.GetString()) : null)}"
            : $"{status}";

    public static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
