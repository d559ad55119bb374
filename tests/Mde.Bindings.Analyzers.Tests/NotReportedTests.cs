using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>Consuming a link at once is the intended use: none of these may be reported (a false positive costs the rule).</summary>
public sealed class NotReportedTests
{
    [Fact]
    public Task Passing_the_link_straight_to_http_calls() => AnalyzerAsync("""
        class C
        {
            async Task<byte[]> M(ILiveResponseApi api, HttpClient http, CancellationToken ct)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0, ct);
                using var r1 = await http.GetAsync(link.Uri, ct);
                await using var s = await http.GetStreamAsync(link.Uri, ct);
                using var request = new HttpRequestMessage(HttpMethod.Get, link.Uri);
                using var r2 = await http.SendAsync(request, ct);
                using var r3 = await http.SendAsync(new HttpRequestMessage { RequestUri = link.Uri }, ct);
                var text = await http.GetStringAsync(link.Uri.AbsoluteUri, ct);
                return await http.GetByteArrayAsync((await api.GetLiveResponseResultDownloadLinkAsync("b", 1, ct)).Uri, ct);
            }
        }
        """);

    [Fact]
    public Task Own_download_helpers_and_lambdas_that_get_a_new_link() => AnalyzerAsync("""
        static class Downloads
        {
            public static Task<Stream> OpenAsync<T>(DownloadLink<T> link, CancellationToken ct) => throw new NotImplementedException();
            public static Task<T> ReadAsync<T>(Func<CancellationToken, Task<DownloadLink<T>>> getLink, CancellationToken ct) => throw new NotImplementedException();
        }

        class C
        {
            private Func<CancellationToken, Task<DownloadLink<LiveResponseTranscript>>>? _factory;
            async Task M(ILiveResponseApi api, CancellationToken ct)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0, ct);
                await using var stream = await Downloads.OpenAsync(link, ct);
                var transcript = await Downloads.ReadAsync(c => api.GetLiveResponseResultDownloadLinkAsync("a", 0, c), ct);
                _factory = c => api.GetLiveResponseResultDownloadLinkAsync("a", 1, c);
            }
        }
        """);

    [Fact]
    public Task Reading_the_expiry_and_the_redacted_description() => AnalyzerAsync("""
        class C
        {
            private DateTimeOffset _expires;
            private string? _host;
            private string? _description;
            async Task M(ILiveResponseApi api, ILogger logger)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                _expires = link.ExpiresAt;
                _host = link.Uri.Host;
                _description = link.ToString();
                logger.LogInformation("Link valid until {Expires} on {Host}", link.ExpiresAt, link.Uri.Host);
                logger.LogInformation("Got {Link}", Redaction.Redact(link.Uri));
                logger.LogInformation($"Got {link}");
                Console.WriteLine(link);
                Console.WriteLine($"expires {link.ExpiresAt:O}, expired: {link.IsExpired()}");
                if (link.IsExpired())
                {
                    throw new InvalidOperationException($"The link {Redaction.Redact(link.Uri)} expired at {link.ExpiresAt}; request a new one.");
                }
            }
        }
        """);

    [Fact]
    public Task Locals_consumed_in_the_same_method() => AnalyzerAsync("""
        class C
        {
            async Task<int> M(ILiveResponseApi api, HttpClient http, CancellationToken ct)
            {
                var uris = new List<Uri>();
                var byId = new Dictionary<string, Uri>();
                var array = new Uri[2];
                var builder = new StringBuilder();
                foreach (var id in new[] { "a", "b" })
                {
                    var link = await api.GetLiveResponseResultDownloadLinkAsync(id, 0, ct);
                    Uri uri = link.Uri;
                    string text = uri.ToString();
                    uris.Add(uri);
                    byId[id] = uri;
                    array[0] = uri;
                    builder.Append(text);
                    var entry = new { Uri = uri };
                    Func<Uri> local = () => uri;
                    await http.GetAsync(local(), ct);
                }

                var bodies = await Task.WhenAll(uris.Select(u => http.GetByteArrayAsync(u, ct)));
                return bodies.Length + byId.Count + builder.Length;
            }
        }
        """);

    [Fact]
    public Task Returning_the_link_from_a_helper_is_handing_it_on() => AnalyzerAsync("""
        class C
        {
            async Task<DownloadLink<LiveResponseTranscript>> Get(ILiveResponseApi api, CancellationToken ct)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0, ct);
                return link;
            }

            Task<DownloadLink<LiveResponseTranscript>> GetTask(ILiveResponseApi api) => api.GetLiveResponseResultDownloadLinkAsync("a", 0);
        }
        """);

    [Fact]
    public Task Unrelated_stores_logs_and_exceptions() => AnalyzerAsync("""
        class C
        {
            private Uri? _endpoint;
            private readonly List<string> _names = new();
            void M(ILogger logger, Uri endpoint, string name)
            {
                _endpoint = endpoint;
                _names.Add(name);
                logger.LogInformation("Calling {Endpoint}", endpoint);
                Console.WriteLine(endpoint.AbsoluteUri);
                throw new InvalidOperationException("failed: " + endpoint);
            }
        }
        """);

    [Fact]
    public Task Code_of_the_link_type_itself() => AnalyzerAsync("""
        [ConsumeImmediately]
        sealed class PackageLink
        {
            private readonly Uri _uri;
            public PackageLink(Uri uri) { _uri = uri; Copy = this; }
            public PackageLink Copy { get; }
            public Uri Uri => _uri;
        }
        """);

    [Fact]
    public Task Projects_without_the_attribute_are_not_analyzed() => AnalyzerAsync("""
        namespace Other
        {
            sealed class DownloadLink { public Uri Uri { get; } = new("https://example.org/?sig=1"); }
            class C
            {
                private Uri? _uri;
                void M(DownloadLink link) { _uri = link.Uri; Console.WriteLine(link.Uri); }
            }
        }
        """);

    // A field of a link type declared `= null!` (the usual way to satisfy nullable analysis), or cleared after use, holds
    // no link: null and default are not a link's value. Found while writing EntryNameTests: `= null!` was reported.
    [Fact]
    public Task Null_or_default_written_to_a_link_field() => AnalyzerAsync("""
        class C
        {
            private DownloadLink<LiveResponseTranscript> _first = null!;
            private DownloadLink<LiveResponseTranscript>? _second = null;
            private DownloadLink<LiveResponseTranscript> _third = default!;
            private DownloadLink<LiveResponseTranscript>? _fourth = default;
            private DownloadLink<LiveResponseTranscript>? Kept { get; set; } = null;

            void Clear()
            {
                _first = null!;
                _second = null;
                _third = default!;
                _fourth = default(DownloadLink<LiveResponseTranscript>);
                Kept = null;
            }
        }
        """);

    // The positive control of the test above: the same fields written with a real link are reported.
    [Fact]
    public Task A_link_written_to_the_same_fields_is_still_reported() => AnalyzerAsync("""
        class C
        {
            private DownloadLink<LiveResponseTranscript>? _second = null;

            async Task Keep(ILiveResponseApi api, CancellationToken ct)
            {
                _second = null;
                {|#0:_second = await api.GetLiveResponseResultDownloadLinkAsync("a", 0, ct)|};
            }
        }
        """, Stored(0, "stored in field '_second'"));
}
