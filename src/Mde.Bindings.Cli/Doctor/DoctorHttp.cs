using System.Text.Json;

namespace Mde.Bindings.Cli.Doctor;

/// <summary>
/// The doctor's reads of the API: raw GETs through the tool's HTTP pipeline (token, retries), answered with the
/// status and the JSON body whatever the status, so that a refusal is reported as the service worded it.
/// </summary>
internal static class DoctorHttp
{
    /// <summary>An answer: its status, its JSON body (default when none) and, for an error, the service's error body.</summary>
    public sealed record DoctorAnswer(int Status, JsonElement Body, MdeApiError? Error)
    {
        /// <summary>The status and the service's <c>code: message</c>, as one phrase.</summary>
        public string ErrorText => Error is null ? $"{Status}" : $"{Status} {Error.Describe()}";
    }

    public static async Task<DoctorAnswer> GetAsync(HttpClient http, string pathAndQuery, CancellationToken cancellationToken)
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

        return new DoctorAnswer((int)response.StatusCode, body, MdeApiError.TryRead(text));
    }

    public static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
