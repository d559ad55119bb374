using Mde.Bindings.Analyzers.Tests.Infrastructure;
using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>
/// The MDE1001 fix turns "get the link, then keep it" into a download at once. Every fixed source is compiled by the
/// test (errors fail it), and where the rewrite would not compile or would change what runs, no fix is offered.
/// </summary>
public sealed class CodeFixTests
{
    private const string WithDownloads = TestSources.Usings + "using Mde.Bindings.Downloads;\n";

    [Fact]
    public Task Kept_link_from_the_call_becomes_kept_content() => CodeFixAsync("""
        class C
        {
            private object? _result;
            async Task M(ILiveResponseApi api, string id, int index, CancellationToken ct)
            {
                {|#0:_result = await api.GetLiveResponseResultDownloadLinkAsync(id, index, ct)|};
            }
        }
        """, WithDownloads + """
        class C
        {
            private object? _result;
            async Task M(ILiveResponseApi api, string id, int index, CancellationToken ct)
            {
                _result = await LinkDownloader.Shared.ReadAsync(c => api.GetLiveResponseResultDownloadLinkAsync(id, index, c), ct);
            }
        }
        """, Stored(0, "stored in field '_result'"));

    [Fact]
    public Task Link_field_that_cannot_hold_content_gets_a_content_local() => CodeFixAsync("""
        class C
        {
            private DownloadLink<LiveResponseTranscript>? _link;
            public DownloadLink<LiveResponseTranscript>? Link => _link;
            async Task M(ILiveResponseApi api, CancellationToken cancellationToken)
            {
                {|#0:_link = await api.GetLiveResponseResultDownloadLinkAsync("action", 0, cancellationToken).ConfigureAwait(false)|};
            }
        }
        """, WithDownloads + """
        class C
        {
            private DownloadLink<LiveResponseTranscript>? _link;
            public DownloadLink<LiveResponseTranscript>? Link => _link;
            async Task M(ILiveResponseApi api, CancellationToken cancellationToken)
            {
                var content = await LinkDownloader.Shared.ReadAsync(c => api.GetLiveResponseResultDownloadLinkAsync("action", 0, c), cancellationToken).ConfigureAwait(false);
            }
        }
        """, Stored(0, "stored in field '_link'"));

    [Fact]
    public Task Link_local_kept_in_a_field_becomes_a_content_local() => CodeFixAsync("""
        class C
        {
            private DownloadLink<LiveResponseTranscript>? _cache;
            public bool HasCache => _cache is not null;
            async Task<int> M(ILiveResponseApi api, string id, CancellationToken ct)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync(id, 0, ct);
                {|#0:_cache = link|};
                return id.Length;
            }
        }
        """, WithDownloads + """
        class C
        {
            private DownloadLink<LiveResponseTranscript>? _cache;
            public bool HasCache => _cache is not null;
            async Task<int> M(ILiveResponseApi api, string id, CancellationToken ct)
            {
                var content = await LinkDownloader.Shared.ReadAsync(c => api.GetLiveResponseResultDownloadLinkAsync(id, 0, c), ct);
                return id.Length;
            }
        }
        """, Stored(0, "stored in field '_cache'"));

    [Fact]
    public Task Link_local_kept_where_content_fits_keeps_the_content() => CodeFixAsync("""
        class C
        {
            public object? Last { get; private set; }
            async Task M(ILiveResponseApi api, string id)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync(id, 3);
                {|#0:Last = link|};
            }
        }
        """, WithDownloads + """
        class C
        {
            public object? Last { get; private set; }
            async Task M(ILiveResponseApi api, string id)
            {
                var content = await LinkDownloader.Shared.ReadAsync(c => api.GetLiveResponseResultDownloadLinkAsync(id, 3, cancellationToken: c));
                Last = content;
            }
        }
        """, Stored(0, "stored in property 'Last'"));

    [Fact]
    public Task Kept_text_of_a_link_local_is_dropped() => CodeFixAsync("""
        using Mde.Bindings.Downloads;
        class C
        {
            private string? _url;
            public string? Url => _url;
            async Task M(ILiveResponseApi api, CancellationToken ct)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0, ct);
                {|#0:_url = link.Uri.AbsoluteUri|};
            }
        }
        """, WithDownloads + """
        class C
        {
            private string? _url;
            public string? Url => _url;
            async Task M(ILiveResponseApi api, CancellationToken ct)
            {
                var content = await LinkDownloader.Shared.ReadAsync(c => api.GetLiveResponseResultDownloadLinkAsync("a", 0, c), ct);
            }
        }
        """, Stored(0, "stored in field '_url'"));

    [Fact]
    public Task Names_in_use_are_not_shadowed() => CodeFixAsync("""
        class C
        {
            private object? _result;
            async Task M(ILiveResponseApi api, string c, string content, CancellationToken ct)
            {
                {|#0:_result = await api.GetLiveResponseResultDownloadLinkAsync(c + content, 0, ct)|};
            }
        }
        """, WithDownloads + """
        class C
        {
            private object? _result;
            async Task M(ILiveResponseApi api, string c, string content, CancellationToken ct)
            {
                _result = await LinkDownloader.Shared.ReadAsync(c2 => api.GetLiveResponseResultDownloadLinkAsync(c + content, 0, c2), ct);
            }
        }
        """, Stored(0, "stored in field '_result'"));

    [Fact]
    public Task No_fix_when_the_link_is_also_used_elsewhere() => NoCodeFixAsync("""
        class C
        {
            private DownloadLink<LiveResponseTranscript>? _last;
            async Task<byte[]> M(ILiveResponseApi api, HttpClient http, CancellationToken ct)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0, ct);
                {|#0:_last = link|};
                return await http.GetByteArrayAsync(link.Uri, ct);
            }
        }
        """, Stored(0, "stored in field '_last'"));

    [Fact]
    public Task No_fix_when_the_arguments_have_side_effects() => NoCodeFixAsync("""
        class C
        {
            private object? _result;
            private int _next;
            async Task M(ILiveResponseApi api, CancellationToken ct)
            {
                {|#0:_result = await api.GetLiveResponseResultDownloadLinkAsync("a", _next++, ct)|};
            }
        }
        """, Stored(0, "stored in field '_result'"));

    [Fact]
    public Task No_fix_for_stores_that_are_not_get_then_keep() => NoCodeFixAsync("""
        class C
        {
            private readonly List<Uri> _uris = new();
            private Uri? _uri;
            void M(DownloadLink<LiveResponseTranscript> link)
            {
                {|#0:_uris.Add(link.Uri)|};
                {|#1:_uri = link.Uri|};
            }
        }
        """, Stored(0, "added to collection '_uris.Add'"), Stored(1, "stored in field '_uri'"));
}
