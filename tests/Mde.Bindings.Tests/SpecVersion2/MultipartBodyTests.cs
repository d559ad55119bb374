using System.Net.Http.Headers;
using System.Text;
using Contoso.Defender.Multipart;
using Mde.Bindings.Tests.Infrastructure;
using Refit;

namespace Mde.Bindings.Tests.SpecVersion2;

/// <summary>
/// Multipart bodies of Specs/v2-multipart.api.json over HTTP: the recorded body is parsed back into its parts. The
/// form is shaped after MicrosoftDocs/defender-docs, defender-endpoint/api/upload-library.md (field table and curl
/// example: <c>-F "file=@…" -F HasParameters=true</c>, booleans as true/false).
/// </summary>
public sealed class MultipartBodyTests
{
    private const string BaseAddress = "https://api.security.microsoft.com";

    private static (IMultipartTestApi Api, RecordingHandler Handler, List<string?> ContentTypes) Create()
    {
        var contentTypes = new List<string?>();
        var handler = new RecordingHandler(r =>
        {
            contentTypes.Add(r.Message.Content?.Headers.ContentType?.ToString());
            return RecordingHandler.Json("""{ "fileName": "collect.ps1", "description": "logs", "hasParameters": true }""");
        });
        return (RestService.For<IMultipartTestApi>(new HttpClient(handler) { BaseAddress = new Uri(BaseAddress) }), handler, contentTypes);
    }

    [Fact]
    public async Task Fields_go_as_text_by_their_json_names_nulls_are_left_out_and_the_file_is_a_named_part()
    {
        (IMultipartTestApi api, RecordingHandler handler, List<string?> contentTypes) = Create();
        using var script = new MemoryStream(Encoding.UTF8.GetBytes("Get-EventLog -LogName System"));

        Thing uploaded = await api.UploadThingAsync(new ThingUpload
        {
            File = new FormFile(script, "collect.ps1"),
            Description = "logs",
            HasParameters = true,
            OverrideIfExists = false,
            Size = 28,
            Kind = ThingKind.Script,
        });

        Assert.Equal("collect.ps1", uploaded.FileName);
        Assert.Equal(HttpMethod.Post, handler.Last.Method);
        Assert.Equal("/api/things", handler.Last.PathAndQuery);
        Assert.StartsWith("multipart/form-data; boundary=", contentTypes.Single(), StringComparison.Ordinal);
        List<FormPart> parts = FormPart.Parse(handler.Last.Body!, contentTypes.Single()!);
        Assert.Equal(["File", "Description", "HasParameters", "OverrideIfExists", "Size", "Kind"], parts.Select(p => p.Name));
        FormPart file = parts[0];
        Assert.Equal("collect.ps1", file.FileName);
        Assert.Equal("application/octet-stream", file.ContentType);
        Assert.Equal("Get-EventLog -LogName System", file.Value);
        Assert.Equal(["logs", "true", "false", "28", "Script"], parts.Skip(1).Select(p => p.Value));
        Assert.All(parts.Skip(1), p => Assert.Null(p.FileName));
    }

    [Fact]
    public async Task Put_sends_the_same_form_and_the_file_from_its_current_position()
    {
        (IMultipartTestApi api, RecordingHandler handler, List<string?> contentTypes) = Create();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("skip:kept"));
        content.Position = 5;

        await api.ReplaceThingAsync("a b.ps1", new ThingUpload { File = new FormFile(content, "a b.ps1"), HasParameters = false });

        Assert.Equal(HttpMethod.Put, handler.Last.Method);
        Assert.Equal("/api/things/a%20b.ps1", handler.Last.PathAndQuery);
        List<FormPart> parts = FormPart.Parse(handler.Last.Body!, contentTypes.Single()!);
        Assert.Equal(["File", "HasParameters"], parts.Select(p => p.Name));
        Assert.Equal("kept", parts[0].Value);
        Assert.Equal("false", parts[1].Value);
    }

    [Fact]
    public async Task A_missing_form_is_refused_before_anything_is_sent()
    {
        (IMultipartTestApi api, RecordingHandler handler, _) = Create();
        await Assert.ThrowsAsync<ArgumentNullException>(() => api.UploadThingAsync(null!));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void FormFile_checks_its_arguments_and_shows_only_its_name()
    {
        Assert.Throws<ArgumentNullException>(() => new FormFile(null!, "a.ps1"));
        Assert.Throws<ArgumentException>(() => new FormFile(new MemoryStream(), " "));
        Assert.Equal("a.ps1", new FormFile(new MemoryStream([1, 2]), "a.ps1").ToString());
    }

    /// <summary>One part of a recorded multipart/form-data body, read with the boundary of its content type.</summary>
    private sealed record FormPart(string Name, string? FileName, string? ContentType, string Value)
    {
        public static List<FormPart> Parse(string body, string contentType)
        {
            string boundary = MediaTypeHeaderValue.Parse(contentType).Parameters.Single(p => p.Name == "boundary").Value!.Trim('"');
            var parts = new List<FormPart>();
            string[] sections = body.Split("--" + boundary);
            Assert.StartsWith("--", sections[^1], StringComparison.Ordinal);
            foreach (string section in sections[1..^1])
            {
                int split = section.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                string[] headers = section[..split].Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
                string value = section[(split + 4)..^2];
                var disposition = ContentDispositionHeaderValue.Parse(headers.Single(h => h.StartsWith("Content-Disposition:", StringComparison.OrdinalIgnoreCase))["Content-Disposition:".Length..].Trim());
                string? type = headers.SingleOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim();
                Assert.Equal("form-data", disposition.DispositionType);
                parts.Add(new FormPart(disposition.Name!.Trim('"'), disposition.FileName?.Trim('"'), type, value));
            }

            return parts;
        }
    }
}
