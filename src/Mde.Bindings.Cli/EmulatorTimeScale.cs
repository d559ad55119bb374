using System.Globalization;
using System.Text.Json;

namespace Mde.Bindings.Cli;

/// <summary>
/// Reads how fast a running emulator's clock goes (<c>timeScale</c> in its <c>GET /_emulator</c> answer; the standalone
/// emulator's <c>--time-scale</c>), so that the tool's rate limits run on the same scale as the emulator's windows.
/// </summary>
internal static class EmulatorTimeScale
{
    private const string InfoPath = "_emulator";

    // Reading the scale is a courtesy: an emulator too slow to answer it is one the run will report on anyway.
    private static readonly TimeSpan s_readLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The emulator's time scale; 1 when it does not say (an emulator without admin endpoints, or one that cannot be
    /// reached: the command's first call then reports why, with the fix).
    /// </summary>
    public static async Task<double> ReadAsync(Uri apiRoot, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = s_readLimit };
        try
        {
            using HttpResponseMessage response = await http.GetAsync(new Uri(apiRoot, InfoPath), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return 1;
            }

            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using JsonDocument info = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Parse(info.RootElement);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return 1;
        }
    }

    /// <summary>The scale an admin info object gives: a positive finite number, else 1.</summary>
    internal static double Parse(JsonElement info) =>
        info.ValueKind == JsonValueKind.Object
        && info.TryGetProperty("timeScale", out JsonElement scale)
        && scale.ValueKind == JsonValueKind.Number
        && scale.TryGetDouble(out double value)
        && double.IsFinite(value)
        && value > 0
            ? value
            : 1;

    /// <summary>How the first line on stderr names a scale other than 1.</summary>
    public static string Describe(double scale) => scale.ToString("0.###", CultureInfo.InvariantCulture) + "x";
}
