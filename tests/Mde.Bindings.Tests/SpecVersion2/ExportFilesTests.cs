using System.Net;
using System.Text;
using Contoso.Defender.V2;
using Mde.Bindings.Downloads;
using Mde.Bindings.Exports;
using Mde.Bindings.Tests.Downloads;
using Mde.Bindings.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Refit;

namespace Mde.Bindings.Tests.SpecVersion2;

/// <summary>
/// An exportFiles operation generated from Specs/v2-exports.api.json, called over HTTP with the page's own answer, and
/// its rows streamed from fake storage. Format and lifetime (GZIP, "multiline JSON", links valid 1 hour unless
/// sasValidHours): MicrosoftDocs/defender-docs, defender-endpoint/api/get-assessment-secure-config.md, section 2.5.
/// </summary>
public sealed class ExportFilesTests
{
    private const string BaseAddress = "https://api.security.microsoft.com";
    private const string ApiToken = "api-token-never-for-storage";

    private readonly FakeTimeProvider _clock = new(ExportPayloads.IssuedAt);

    private (IExportsTestApi Api, RecordingHandler Handler) CreateApi(string answer)
    {
        var handler = new RecordingHandler(_ => RecordingHandler.Json(answer));
        var settings = new RefitSettings { AuthorizationHeaderValueGetter = (_, _) => ValueTask.FromResult(ApiToken) };
        return (new ExportsTestApiClient(new HttpClient(handler) { BaseAddress = new Uri(BaseAddress) }, settings, _clock), handler);
    }

    private LinkDownloader Downloader(HttpMessageHandler storage) => new(new HttpClient(storage), timeProvider: _clock);

    private static byte[] File(params string[] lines) => TestContent.Gzip(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    /// <summary>Storage that serves the page's three files: rows 0-1, 2-3, then 4.</summary>
    private static FakeStorageHandler ThreeFiles(Func<int, HttpResponseMessage>? answer = null) =>
        new(request =>
        {
            string path = request.RequestUri!.AbsolutePath;
            int file = path.Contains("part-00393", StringComparison.Ordinal) ? 0 : path.Contains(".c000.", StringComparison.Ordinal) ? 1 : 2;
            return answer?.Invoke(file) ?? FakeStorageHandler.Ok(file switch
            {
                0 => File(ExportPayloads.Rows[0], ExportPayloads.Rows[1]),
                1 => File(ExportPayloads.Rows[2], ExportPayloads.Rows[3]),
                _ => File(ExportPayloads.Rows[4]),
            });
        });

    private static async Task<List<T>> ReadAll<T>(IAsyncEnumerable<T> rows)
    {
        var all = new List<T>();
        await foreach (T row in rows)
        {
            all.Add(row);
        }

        return all;
    }

    [Fact]
    public async Task Streams_every_row_of_every_file_in_order_and_never_sends_the_bearer_token_to_storage()
    {
        (IExportsTestApi api, RecordingHandler handler) = CreateApi(ExportPayloads.ExportAnswer);
        FakeStorageHandler storage = ThreeFiles();

        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync(sasValidHours: 2);
        List<SecureConfigurationRow> rows = await ReadAll(export.ReadRowsAsync(Downloader(storage)));

        Assert.Equal("/api/machines/SecureConfigurationsAssessmentExport?sasValidHours=2", handler.Last.PathAndQuery);
        Assert.Equal("Bearer " + ApiToken, handler.Last.Authorization);
        Assert.Equal(3, export.Links.Count);
        Assert.Equal(new DateTimeOffset(2021, 1, 11, 11, 1, 0, TimeSpan.Zero), export.GeneratedTime);
        Assert.Equal(ExportPayloads.IssuedAt.AddHours(1), export.ExpiresAt); // validFor PT1H, earlier than the links' se=14:55:51

        Assert.Equal(
            ["00013ee62c6b12345b10214e1801b217b50ab455c293d", "0002a1be533813b9a8c6de739785365bce7910", "0002a1de123456a8c06de736785395d4ce7610", "00044f912345bdaf756492dbe6db733b6a9c59ab4", "00044f912345daf759462bde6bd733d6a9c56ab4"],
            rows.Select(r => r.DeviceId));
        Assert.Null(rows[1].DeviceName);
        Assert.Equal(9, rows[1].ConfigurationImpact);
        Assert.False(rows[1].IsCompliant);
        Assert.Equal("sca-_-scid-6093", rows[4].RecommendationReference);

        Assert.Equal(3, storage.Requests.Count);
        Assert.All(storage.Requests, r => Assert.Null(r.Authorization));
        Assert.All(storage.Requests, r => Assert.Equal(ExportPayloads.StorageHost, r.Uri.Host));
    }

    [Fact]
    public async Task Links_expire_at_their_own_se_when_it_comes_before_validFor()
    {
        _clock.SetUtcNow(new DateTimeOffset(2021, 1, 11, 14, 30, 0, TimeSpan.Zero));
        (IExportsTestApi api, _) = CreateApi(ExportPayloads.ExportAnswer);

        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync();

        Assert.Equal(new DateTimeOffset(2021, 1, 11, 14, 55, 51, TimeSpan.Zero), export.ExpiresAt);
        Assert.Equal(TimeSpan.FromHours(1), ExportsTestApiDescription.ExportSecureConfigurationsAssessment.LinkLifetime);
    }

    [Fact]
    public async Task Expired_links_are_a_typed_error_and_never_reach_the_storage()
    {
        (IExportsTestApi api, _) = CreateApi(ExportPayloads.ExportAnswer);
        FakeStorageHandler storage = ThreeFiles();
        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync();
        _clock.Advance(TimeSpan.FromHours(2));

        Assert.True(export.IsExpired(_clock));
        ExportFilesExpiredException error = await Assert.ThrowsAsync<ExportFilesExpiredException>(() => ReadAll(export.ReadRowsAsync(Downloader(storage))));

        Assert.Equal(0, error.FileIndex);
        Assert.Contains("call the export operation again", error.Message, StringComparison.Ordinal);
        Assert.Contains("ExportsTest.ExportSecureConfigurationsAssessment", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ExportPayloads.StorageHost, error.Message, StringComparison.Ordinal);
        Assert.Empty(storage.Requests);
    }

    [Fact]
    public async Task A_link_the_storage_refuses_midway_is_the_same_typed_error_after_the_rows_already_read()
    {
        (IExportsTestApi api, _) = CreateApi(ExportPayloads.ExportAnswer);
        FakeStorageHandler storage = ThreeFiles(file => file == 1 ? new HttpResponseMessage(HttpStatusCode.Forbidden) : null!);
        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync();

        var read = new List<string>();
        ExportFilesExpiredException error = await Assert.ThrowsAsync<ExportFilesExpiredException>(async () =>
        {
            await foreach (SecureConfigurationRow row in export.ReadRowsAsync(Downloader(storage)))
            {
                read.Add(row.DeviceId);
            }
        });

        Assert.Equal(1, error.FileIndex);
        Assert.Equal(2, read.Count);
        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_downloader_that_may_not_refresh_links_gives_the_same_typed_error(bool refused)
    {
        (IExportsTestApi api, _) = CreateApi(ExportPayloads.ExportAnswer);
        FakeStorageHandler storage = ThreeFiles(file => refused ? new HttpResponseMessage(HttpStatusCode.NotFound) : null!);
        var downloader = new LinkDownloader(new HttpClient(storage), new LinkDownloaderOptions { MaxLinkRefreshes = 0 }, _clock);
        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync();
        if (!refused)
        {
            _clock.Advance(TimeSpan.FromHours(1));
        }

        ExportFilesExpiredException error = await Assert.ThrowsAsync<ExportFilesExpiredException>(() => ReadAll(export.ReadRowsAsync(downloader)));

        Assert.Equal(0, error.FileIndex);
        Assert.Equal(refused ? HttpStatusCode.NotFound : null, error.StatusCode);
        Assert.Equal(refused ? 1 : 0, storage.Requests.Count);
    }

    [Fact]
    public async Task A_broken_line_names_the_file_index_and_line_number_but_never_the_link()
    {
        (IExportsTestApi api, _) = CreateApi(ExportPayloads.ExportAnswer);
        FakeStorageHandler storage = ThreeFiles(file => file == 1 ? FakeStorageHandler.Ok(File(ExportPayloads.Rows[2], "{\"deviceId\": \"cut off", ExportPayloads.Rows[3])) : null!);
        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync();

        ExportFileFormatException error = await Assert.ThrowsAsync<ExportFileFormatException>(() => ReadAll(export.ReadRowsAsync(Downloader(storage))));

        Assert.Equal(1, error.FileIndex);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("line 2 of export file 1 (of 3, counted from 0)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ExportPayloads.StorageHost, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("part-0039", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_missing_a_required_member_is_a_broken_line()
    {
        (IExportsTestApi api, _) = CreateApi(ExportPayloads.ExportAnswer);
        FakeStorageHandler storage = ThreeFiles(file => FakeStorageHandler.Ok(File("{\"configurationId\": \"scid-1\"}")));
        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync();

        ExportFileFormatException error = await Assert.ThrowsAsync<ExportFileFormatException>(() => ReadAll(export.ReadRowsAsync(Downloader(storage))));

        Assert.Equal((0, 1L), (error.FileIndex, error.LineNumber));
        Assert.Contains("deviceId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rows_arrive_while_the_file_downloads_and_stopping_early_ends_the_download()
    {
        // 20,000 distinct rows: several MB of JSON lines, which no reader should hold at once.
        string[] lines = Enumerable.Range(0, 20_000).Select(i => ExportPayloads.Rows[0].Replace("00013ee62c6b12345b10214e1801b217b50ab455c293d", Guid.NewGuid().ToString("N") + i, StringComparison.Ordinal)).ToArray();
        byte[] compressed = File(lines);
        var body = new CountingStream(compressed);
        var storage = new FakeStorageHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        (IExportsTestApi api, _) = CreateApi(ExportPayloads.ExportAnswer.Replace("\"exportFiles\": [", "\"exportFiles\": [\"https://" + ExportPayloads.StorageHost + "/big.json.gz?se=2030-01-01T00%3A00%3A00Z&sig=x\"], \"unused\": [", StringComparison.Ordinal));
        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync();

        int seen = 0;
        await foreach (SecureConfigurationRow row in export.ReadRowsAsync(Downloader(storage)))
        {
            seen++;
            Assert.True(body.BytesRead < compressed.Length / 2, $"{body.BytesRead} of {compressed.Length} compressed bytes were read before row {seen} was handed out");
            if (seen == 100)
            {
                break;
            }
        }

        Assert.Equal(100, seen);
        Assert.True(body.Disposed, "stopping early disposes the storage response");
    }

    [Fact]
    public async Task An_export_without_files_has_no_rows()
    {
        (IExportsTestApi api, _) = CreateApi("""{ "exportFiles": [], "generatedTime": "2021-01-11T11:01:00Z" }""");
        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync();

        Assert.Empty(await ReadAll(export.ReadRowsAsync(Downloader(ThreeFiles()))));
    }

    [Theory]
    [InlineData("""{ "value": [] }""", "without 'exportFiles'")]
    [InlineData("""{ "exportFiles": "https://tvmexportstrstgeus.blob.core.windows.net/a?sig=s3cr3t" }""", "not an array of links")]
    [InlineData("""{ "exportFiles": ["tvmexportstrstgeus.blob.core.windows.net/a?sig=s3cr3t"] }""", "entry 0 that is not an absolute https link")]
    [InlineData("""{ "exportFiles": [], "generatedTime": "yesterday" }""", "'generatedTime' that is not a date and time")]
    public async Task An_answer_that_is_not_an_export_names_the_operation_and_not_the_links(string answer, string expected)
    {
        (IExportsTestApi api, _) = CreateApi(answer);

        MdeResponseFormatException error = await Assert.ThrowsAsync<MdeResponseFormatException>(() => api.ExportSecureConfigurationsAssessmentAsync());

        Assert.StartsWith("ExportSecureConfigurationsAssessment answered with", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToString_shows_counts_and_times_but_no_link()
    {
        (IExportsTestApi api, _) = CreateApi(ExportPayloads.ExportAnswer);
        ExportFiles<SecureConfigurationRow> export = await api.ExportSecureConfigurationsAssessmentAsync();

        string text = export.ToString();

        Assert.Equal("ExportFiles<SecureConfigurationRow>(3 file(s), generated 2021-01-11T11:01:00Z, expires 2021-01-11T12:55:51Z)", text);
    }

    /// <summary>A body that counts what the reader took, and whether it was disposed.</summary>
    private sealed class CountingStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public long BytesRead { get; private set; }

        public bool Disposed { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Counted(base.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(base.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await base.ReadAsync(buffer, cancellationToken));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await base.ReadAsync(buffer, offset, count, cancellationToken));

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        private int Counted(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
