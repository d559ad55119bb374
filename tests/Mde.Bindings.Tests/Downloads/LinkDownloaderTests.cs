using System.Net;
using System.Text;
using System.Text.Json;
using Mde.Bindings.Downloads;
using Mde.Bindings.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.Downloads;

public sealed class LinkDownloaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mde-downloads-").FullName;
    private readonly FakeTimeProvider _time = new(TestContent.Now);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task CopyToAsync_streams_the_content_and_sends_no_credentials()
    {
        byte[] body = TestContent.Bytes(1_000_000);
        var storage = FakeStorageHandler.Serving(body);
        int calls = 0;
        var destination = new MemoryStream();

        long written = await Downloader(storage).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link()), () => calls++), destination);

        Assert.Equal(body.Length, written);
        Assert.Equal(body, destination.ToArray());
        Assert.Equal(1, calls);
        ReceivedRequest request = Assert.Single(storage.Requests);
        Assert.Null(request.Authorization);
        Assert.Equal(TestContent.Link(), request.Uri);
    }

    [Fact]
    public async Task SaveToFileAsync_writes_the_file_and_leaves_no_temporary_file()
    {
        byte[] body = TestContent.Bytes(300_000);
        string path = Path.Combine(_folder, "result.bin");
        File.WriteAllText(path, "previous content");

        long written = await Downloader(FakeStorageHandler.Serving(body)).SaveToFileAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), path);

        Assert.Equal(body.Length, written);
        Assert.Equal(body, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cut_off_body_fails_and_leaves_the_previous_file_untouched(bool connectionReset)
    {
        byte[] body = TestContent.Bytes(100_000);
        string path = Path.Combine(_folder, "result.bin");
        File.WriteAllText(path, "good previous file");
        var storage = new FakeStorageHandler(_ => TestContent.CutOff(body, 40_000, connectionReset));

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader(storage).SaveToFileAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), path));

        Assert.Contains("cut off", error.Message);
        Assert.Contains("40000", error.Message);
        Assert.Contains("100000", error.Message);
        Assert.Contains("https://storage.example.net/investigation-actions-data/ID/out/4ed5?[redacted]", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
        Assert.Equal("good previous file", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_rejected_link_is_replaced_by_a_fresh_one(HttpStatusCode rejection)
    {
        byte[] body = TestContent.Bytes(10_000);
        var storage = new FakeStorageHandler(request => request.RequestUri!.Query.Contains("sig=first")
            ? new HttpResponseMessage(rejection)
            : FakeStorageHandler.Ok(body));
        int calls = 0;
        var destination = new MemoryStream();

        await Downloader(storage).CopyToAsync(
            TestContent.Links(call => TestContent.RawLink(TestContent.Link(signature: call == 0 ? "first" : "fresh")), () => calls++),
            destination);

        Assert.Equal(body, destination.ToArray());
        Assert.Equal(2, calls);
        Assert.Equal(["sig=first", "sig=fresh"], storage.Requests.Select(r => r.Uri.Query.Split('&')[^1]));
    }

    [Fact]
    public async Task Refreshing_stops_at_the_bound_with_a_typed_error()
    {
        var storage = new FakeStorageHandler(_ => new HttpResponseMessage(HttpStatusCode.Forbidden));
        int calls = 0;
        var options = new LinkDownloaderOptions { MaxLinkRefreshes = 2 };

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader(storage, options).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link()), () => calls++), Stream.Null));

        Assert.Equal(3, calls);
        Assert.Equal(3, storage.Requests.Count);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("403", error.Message);
        Assert.Contains("MaxLinkRefreshes is 2", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
    }

    [Fact]
    public async Task An_expired_link_is_refreshed_before_any_request()
    {
        byte[] body = TestContent.Bytes(1000);
        var storage = FakeStorageHandler.Serving(body);
        var destination = new MemoryStream();

        await Downloader(storage).CopyToAsync(
            TestContent.Links(call => TestContent.RawLink(
                TestContent.Link(signature: call == 0 ? "stale" : "fresh"),
                call == 0 ? TestContent.Now.AddMinutes(-1) : TestContent.Now.AddMinutes(30))),
            destination);

        Assert.Equal(body, destination.ToArray());
        Assert.EndsWith("sig=fresh", Assert.Single(storage.Requests).Uri.Query);
    }

    [Fact]
    public async Task A_link_that_stays_expired_fails_without_a_request()
    {
        var storage = FakeStorageHandler.Serving([1]);
        _time.Advance(TimeSpan.FromHours(1));

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader(storage).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), Stream.Null));

        Assert.Contains("expired at 2026-03-01T12:30:00", error.Message);
        Assert.Empty(storage.Requests);
    }

    [Theory]
    [InlineData("http://storage.example.net/result?sig=s3cr3t", "plain http is refused")]
    [InlineData("ftp://storage.example.net/result?sig=s3cr3t", "scheme 'ftp' is not supported")]
    public async Task Non_https_links_are_refused_before_anything_is_sent(string link, string reason)
    {
        var storage = FakeStorageHandler.Serving([1]);

        var error = await Assert.ThrowsAsync<DownloadLinkRefusedException>(
            () => Downloader(storage).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(new Uri(link))), Stream.Null));

        Assert.Contains(reason, error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
        Assert.Empty(storage.Requests);
    }

    [Fact]
    public async Task Loopback_http_is_allowed_by_default_and_can_be_turned_off()
    {
        var storage = FakeStorageHandler.Serving([1, 2, 3]);
        var loopback = TestContent.Links(_ => TestContent.RawLink(new Uri("http://127.0.0.1:5000/result?sig=s3cr3t")));

        Assert.Equal(3, await Downloader(storage).CopyToAsync(loopback, Stream.Null));
        var error = await Assert.ThrowsAsync<DownloadLinkRefusedException>(
            () => Downloader(storage, new LinkDownloaderOptions { AllowLoopbackHttp = false }).CopyToAsync(loopback, Stream.Null));
        Assert.Contains("AllowLoopbackHttp is false", error.Message);
        Assert.Single(storage.Requests);
    }

    [Fact]
    public async Task A_host_outside_the_allowed_hosts_is_refused()
    {
        var storage = FakeStorageHandler.Serving([1]);
        var options = new LinkDownloaderOptions { AllowedHosts = { "blob.core.windows.net" } };

        Assert.Equal(1, await Downloader(storage, options).CopyToAsync(
            TestContent.Links(_ => TestContent.RawLink(TestContent.Link("tenant.blob.core.windows.net"))), Stream.Null));
        var error = await Assert.ThrowsAsync<DownloadLinkRefusedException>(
            () => Downloader(storage, options).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link("evil-blob.core.windows.net"))), Stream.Null));

        Assert.Contains("'evil-blob.core.windows.net' is not in LinkDownloaderOptions.AllowedHosts", error.Message);
        Assert.Single(storage.Requests);
    }

    [Fact]
    public async Task A_redirect_that_leaves_https_is_refused()
    {
        var storage = new FakeStorageHandler(_ => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri("http://127.0.0.1/elsewhere?sig=s3cr3t") } });

        var error = await Assert.ThrowsAsync<DownloadLinkRefusedException>(
            () => Downloader(storage).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), Stream.Null));

        Assert.Contains("redirected from https to a non-https address", error.Message);
        Assert.Single(storage.Requests);
    }

    [Fact]
    public async Task A_redirect_to_another_https_address_is_followed()
    {
        byte[] body = TestContent.Bytes(500);
        var storage = new FakeStorageHandler(request => request.RequestUri!.Host == "storage.example.net"
            ? new HttpResponseMessage(HttpStatusCode.TemporaryRedirect) { Headers = { Location = TestContent.Link("mirror.example.net") } }
            : FakeStorageHandler.Ok(body));
        var destination = new MemoryStream();

        await Downloader(storage).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), destination);

        Assert.Equal(body, destination.ToArray());
        Assert.Equal(["storage.example.net", "mirror.example.net"], storage.Requests.Select(r => r.Uri.Host));
    }

    [Fact]
    public async Task A_client_with_a_default_authorization_header_is_refused()
    {
        var storage = FakeStorageHandler.Serving([1]);
        var client = new HttpClient(storage);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "api-token");

        Assert.Throws<ArgumentException>(() => new LinkDownloader(client));

        var clean = new HttpClient(storage);
        var downloader = new LinkDownloader(clean, timeProvider: _time);
        clean.DefaultRequestHeaders.Authorization = new("Bearer", "api-token");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => downloader.CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), Stream.Null));
        Assert.Contains("must never reach the storage host", error.Message);
        Assert.Empty(storage.Requests);
    }

    [Fact]
    public async Task A_handler_that_adds_credentials_is_detected()
    {
        var storage = FakeStorageHandler.Serving([1]);
        var client = new HttpClient(new AddsBearerToken { InnerHandler = storage });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new LinkDownloader(client, timeProvider: _time).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), Stream.Null));

        Assert.Contains("added an Authorization header", error.Message);
        Assert.DoesNotContain("api-token", error.Message);
    }

    [Fact]
    public async Task Content_Encoding_gzip_is_decoded()
    {
        byte[] body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("collected file line\n", 5000)));
        var storage = new FakeStorageHandler(_ => FakeStorageHandler.Ok(TestContent.Gzip(body), "gzip"));
        var destination = new MemoryStream();

        long written = await Downloader(storage).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), destination);

        Assert.Equal(body.Length, written);
        Assert.Equal(body, destination.ToArray());
        Assert.Equal("gzip", Assert.Single(storage.Requests).AcceptEncoding);
    }

    // GetFile results are gzip on the service with no header saying so: demisto/content
    // Packs/MicrosoftDefenderAdvancedThreatProtection/Integrations/MicrosoftDefenderAdvancedThreatProtection/MicrosoftDefenderAdvancedThreatProtection.py
    // saves them as "Response Result.gz"; msdirtbag/MDEAutomator README.md downloads one to test.msi.gz.
    [Fact]
    public async Task A_gzip_body_without_a_header_is_decompressed_by_default_and_kept_when_the_options_say_so()
    {
        byte[] original = TestContent.Bytes(20_000);
        byte[] served = TestContent.Gzip(original);
        var storage = FakeStorageHandler.Serving(served);
        var links = TestContent.Links(_ => TestContent.RawLink(TestContent.Link()));

        var decompressed = new MemoryStream();
        await Downloader(storage).CopyToAsync(links, decompressed);
        var asServed = new MemoryStream();
        await Downloader(storage, new LinkDownloaderOptions { DecompressGzipRawContent = false }).CopyToAsync(links, asServed);

        Assert.Equal(original, decompressed.ToArray());
        Assert.Equal(served, asServed.ToArray());
    }

    [Fact]
    public async Task A_collected_gz_file_loses_only_the_services_layer()
    {
        byte[] collectedGz = TestContent.Gzip(TestContent.Bytes(5_000));
        var storage = FakeStorageHandler.Serving(TestContent.Gzip(collectedGz));

        var saved = new MemoryStream();
        await Downloader(storage).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), saved);

        Assert.Equal(collectedGz, saved.ToArray());
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("corrupt")]
    public async Task A_bad_gzip_body_fails_typed_and_leaves_the_previous_file_untouched(string damage)
    {
        byte[] gzip = TestContent.Gzip(TestContent.Bytes(50_000));
        byte[] served = damage == "truncated" ? gzip[..(gzip.Length / 2)] : [.. gzip[..^8], .. new byte[8]];
        string path = Path.Combine(_folder, "collected.bin");
        File.WriteAllText(path, "good previous file");

        // The body arrives whole (its Content-Length matches): only the gzip inside is bad.
        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader(FakeStorageHandler.Serving(served)).SaveToFileAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), path));

        Assert.Contains("not valid gzip data", error.Message);
        Assert.DoesNotContain("s3cr3t", error.Message);
        Assert.Equal("good previous file", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task ReadAsync_reads_json_content_even_when_it_arrives_gzip_compressed_without_a_header()
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(new SampleResult("minidump", 3), SampleJsonContext.Default.SampleResult);
        var storage = FakeStorageHandler.Serving(TestContent.Gzip(json));

        SampleResult result = await Downloader(storage).ReadAsync(TestContent.Links(_ =>
            new DownloadLink<SampleResult>(TestContent.Link(), TestContent.Now.AddMinutes(30), SampleJsonContext.Default.SampleResult)));

        Assert.Equal(new SampleResult("minidump", 3), result);
    }

    [Fact]
    public async Task ReadAsync_refuses_raw_content_and_reports_invalid_json()
    {
        var storage = FakeStorageHandler.Serving("{\"Name\": 5"u8.ToArray());

        var raw = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Downloader(storage).ReadAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link()))));
        Assert.Contains("use CopyToAsync or SaveToFileAsync", raw.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(storage.Requests);

        var invalid = await Assert.ThrowsAsync<MdeResponseFormatException>(() => Downloader(storage).ReadAsync(TestContent.Links(_ =>
            new DownloadLink<SampleResult>(TestContent.Link(), TestContent.Now.AddMinutes(30), SampleJsonContext.Default.SampleResult))));
        Assert.Contains("is not a valid SampleResult", invalid.Message);
        Assert.DoesNotContain("s3cr3t", invalid.Message);
    }

    [Fact]
    public async Task A_server_error_is_reported_with_its_status()
    {
        var storage = new FakeStorageHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        var error = await Assert.ThrowsAsync<DownloadFailedException>(
            () => Downloader(storage).CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), Stream.Null));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(storage.Requests);
    }

    [Fact]
    public async Task Cancellation_during_the_body_stops_the_download_and_leaves_no_file()
    {
        using var cancellation = new CancellationTokenSource();
        var body = new GatedStream(TestContent.Bytes(50_000));
        var storage = new FakeStorageHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        string path = Path.Combine(_folder, "cancelled.bin");

        Task<long> download = Downloader(storage).SaveToFileAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), path, cancellation.Token);
        await body.FirstReadStarted;
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download);
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_stalled_body_fails_after_the_idle_timeout()
    {
        var body = new GatedStream(TestContent.Bytes(50_000));
        var storage = new FakeStorageHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });

        Task<long> download = Downloader(storage, new LinkDownloaderOptions { ReadIdleTimeout = TimeSpan.FromSeconds(30) })
            .CopyToAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link())), Stream.Null);
        await body.FirstReadStarted;
        _time.Advance(TimeSpan.FromSeconds(31));

        var error = await Assert.ThrowsAsync<DownloadFailedException>(() => download);
        Assert.Contains("stalled", error.Message);
    }

    [Fact]
    public async Task Logs_describe_links_without_their_signature()
    {
        var logger = new CapturingLogger<LinkDownloader>();
        var storage = new FakeStorageHandler(request => request.RequestUri!.Query.Contains("sig=first")
            ? new HttpResponseMessage(HttpStatusCode.Forbidden)
            : TestContent.CutOff(new byte[100], 10, fail: false));
        var downloader = new LinkDownloader(new HttpClient(storage), timeProvider: _time, logger: logger);

        await Assert.ThrowsAsync<DownloadFailedException>(() => downloader.CopyToAsync(
            TestContent.Links(call => TestContent.RawLink(TestContent.Link(signature: call == 0 ? "first" : "second"))), Stream.Null));

        Assert.Contains(logger.Lines, line => line.Contains("StorageRejectedLink") && line.Contains("?[redacted]"));
        Assert.Contains(logger.Lines, line => line.Contains("DownloadFailed") && line.Contains("cut off"));
        Assert.All(logger.Lines, line => Assert.DoesNotContain("sig=", line));
    }

    [Fact]
    public async Task A_missing_folder_fails_before_the_link_is_requested()
    {
        int calls = 0;
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => Downloader(FakeStorageHandler.Serving([1]))
            .SaveToFileAsync(TestContent.Links(_ => TestContent.RawLink(TestContent.Link()), () => calls++), Path.Combine(_folder, "missing", "x.bin")));
        Assert.Equal(0, calls);
    }

    private LinkDownloader Downloader(HttpMessageHandler storage, LinkDownloaderOptions? options = null) =>
        new(new HttpClient(storage), options, _time);

    private sealed class AddsBearerToken : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", "api-token");
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Delivers its first bytes, then waits for cancellation as a stalled connection would.</summary>
    private sealed class GatedStream(byte[] first) : ReadOnlyTestStream
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _delivered;

        public Task FirstReadStarted => _started.Task;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_delivered)
            {
                _delivered = true;
                int count = Math.Min(buffer.Length, first.Length);
                first.AsMemory(0, count).CopyTo(buffer);
                return count;
            }

            _started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
