using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Mde.Bindings.Exports;

/// <summary>
/// Reads an export operation's answer, <c>{ "@odata.context": …, "exportFiles": [links], "generatedTime": … }</c>
/// (source: MicrosoftDocs/defender-docs, defender-endpoint/api/get-assessment-secure-config.md, "Export … (via files)").
/// Messages never show a link.
/// </summary>
internal static class ExportFilesReader
{
    public static ExportFiles<T> Read<T>(EndpointDescription endpoint, byte[] body, JsonTypeInfo<T> rowType, DateTimeOffset obtainedAt)
    {
        List<Uri>? links = null;
        DateTimeOffset? generatedTime = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Format(endpoint, "a body that is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                if (name.Equals("exportFiles", StringComparison.OrdinalIgnoreCase))
                {
                    links = ReadLinks(endpoint, ref reader);
                }
                else if (name.Equals("generatedTime", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String)
                {
                    generatedTime = DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset at)
                        ? at
                        : throw Format(endpoint, "a 'generatedTime' that is not a date and time");
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException ex)
        {
            throw new MdeResponseFormatException($"{endpoint.Name} answered with a body that is not valid JSON: {ex.Message}", ex);
        }

        if (links is null)
        {
            throw Format(endpoint, "a JSON object without 'exportFiles'");
        }

        TimeSpan lifetime = endpoint.LinkLifetime ?? TimeSpan.Zero;
        DateTimeOffset expiresAt = obtainedAt + lifetime;
        foreach (Uri link in links)
        {
            DateTimeOffset linkExpiry = DownloadLinkParser.ComputeExpiry(link, lifetime, obtainedAt);
            expiresAt = linkExpiry < expiresAt ? linkExpiry : expiresAt;
        }

        return new ExportFiles<T>(links, generatedTime, expiresAt, rowType) { Endpoint = endpoint };
    }

    private static List<Uri> ReadLinks(EndpointDescription endpoint, ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Format(endpoint, "an 'exportFiles' that is not an array of links");
        }

        var links = new List<Uri>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            string? text = reader.TokenType == JsonTokenType.String ? reader.GetString()?.Trim() : null;
            if (text is null || !Uri.TryCreate(text, UriKind.Absolute, out Uri? link) || (link.Scheme != Uri.UriSchemeHttps && link.Scheme != Uri.UriSchemeHttp))
            {
                // The entry is not shown: it may hold a signature.
                throw Format(endpoint, $"an 'exportFiles' entry {links.Count} that is not an absolute https link");
            }

            links.Add(link);
        }

        return links;
    }

    private static MdeResponseFormatException Format(EndpointDescription endpoint, string what) =>
        new($"{endpoint.Name} answered with {what}; an export answer {{ \"exportFiles\": [links], \"generatedTime\": … }} was expected.");
}
