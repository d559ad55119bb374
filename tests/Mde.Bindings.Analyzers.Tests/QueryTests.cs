using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>LINQ operators carry a link on as collections do; a projection carries what its selector returns.</summary>
public sealed class QueryTests
{
    [Theory]
    [InlineData("links.Select(l => l.Uri.AbsoluteUri).ToList()")]
    [InlineData("links.Select(l => l.Uri).First()")]
    [InlineData("uris.Where(u => u.Host.Length > 0).ToArray()")]
    [InlineData("uris.OrderBy(u => u.Host).FirstOrDefault()")]
    [InlineData("uris.Select(u => u.AbsoluteUri).Single()")]
    [InlineData("uris.Concat(new[] { new Uri(\"https://example.org/\") }).Last()")]
    [InlineData("string.Join(\",\", uris.Select(u => u.ToString()))")]
    [InlineData("links.SelectMany(l => new[] { l.Uri.Query }).ToHashSet()")]
    [InlineData("uris.ToDictionary(u => u.Host)")]
    [InlineData("links.Where(l => !l.IsExpired()).Select(l => l.Uri.OriginalString).OrderBy(t => t.Length).ToList()")]
    public Task Link_text_through_a_query_is_tracked(string query) => AnalyzerAsync($$"""
        class C
        {
            private object? _kept;
            async Task M(ILiveResponseApi api, ILogger logger)
            {
                var links = new List<DownloadLink<LiveResponseTranscript>> { await api.GetLiveResponseResultDownloadLinkAsync("a", 0) };
                var uris = new List<Uri>();
                uris.Add(links[0].Uri);
                {|#0:_kept = {{query}}|};
                {|#1:logger.LogInformation("{Links}", {{query}})|};
            }
        }
        """, Stored(0, "stored in field '_kept'"), Logged(1, "ILogger.LogInformation"));

    [Theory]
    [InlineData("uris.Select(u => u.Host).ToList()")]
    [InlineData("links.Select(l => l.ExpiresAt).Max()")]
    [InlineData("links.Max(l => l.ExpiresAt)")]
    [InlineData("uris.Count(u => u.Query.Length > 0)")]
    [InlineData("links.Any(l => l.IsExpired())")]
    [InlineData("uris.Select(u => u.GetLeftPart(UriPartial.Path)).ToArray()")]
    [InlineData("names.Where(n => uris.Count > 0).ToList()")]
    public Task A_query_that_keeps_no_secret_is_not_reported(string query) => AnalyzerAsync($$"""
        class C
        {
            private object? _kept;
            async Task M(ILiveResponseApi api, ILogger logger, string[] names)
            {
                var links = new List<DownloadLink<LiveResponseTranscript>> { await api.GetLiveResponseResultDownloadLinkAsync("a", 0) };
                var uris = new List<Uri>();
                uris.Add(links[0].Uri);
                _kept = {{query}};
                logger.LogInformation("{Links}", {{query}});
            }
        }
        """);
}
