using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>The link's text travels: its Uri, the URI's string forms, and strings built from them are the secret too.</summary>
public sealed class DerivedValueTests
{
    [Theory]
    [InlineData("link.Uri")]
    [InlineData("link.Uri.ToString()")]
    [InlineData("link.Uri.AbsoluteUri")]
    [InlineData("link.Uri.OriginalString")]
    [InlineData("link.Uri.PathAndQuery")]
    [InlineData("link.Uri.Query")]
    [InlineData("\"url=\" + link.Uri")]
    [InlineData("$\"url={link.Uri.AbsoluteUri}\"")]
    [InlineData("string.Concat(\"url=\", link.Uri.ToString())")]
    [InlineData("string.Format(\"url={0}\", link.Uri)")]
    [InlineData("link.Uri.ToString().Trim()")]
    [InlineData("link?.Uri")]
    [InlineData("link?.Uri.AbsoluteUri")]
    [InlineData("(object)link.Uri")]
    [InlineData("maybe ?? link.Uri")]
    [InlineData("flag ? link.Uri : null")]
    [InlineData("new Uri(link.Uri.AbsoluteUri)")]
    public Task Text_taken_from_the_link_is_tracked(string expression) => AnalyzerAsync($$"""
        class C
        {
            private object? _kept;
            async Task M(ILiveResponseApi api, Uri? maybe, bool flag)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:_kept = {{expression}}|};
                {|#1:Console.WriteLine({{expression}})|};
            }
        }
        """, Stored(0, "stored in field '_kept'"), Logged(1, "Console.WriteLine"));

    [Fact]
    public Task Through_locals_of_any_length() => AnalyzerAsync("""
        class C
        {
            private string? _kept;
            async Task M(ILiveResponseApi api, ILogger logger)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                Uri uri = link.Uri;
                object boxed = uri;
                string text = boxed.ToString()!;
                string message = "download " + text;
                message += "!";
                {|#0:_kept = message|};
                {|#1:logger.LogError(message)|};
            }
        }
        """, Stored(0, "stored in field '_kept'"), Logged(1, "ILogger.LogError"));

    // Only declarations with an operation typed as a link are analyzed: a link reached only from a lambda, a local
    // function, a loop over a container, a pattern, a list element or an expression-bodied member is still seen.
    [Fact]
    public Task Links_reached_only_inside_nested_code_or_from_containers() => AnalyzerAsync("""
        using System.Collections.Generic;
        using System.Linq;

        class C
        {
            private string? _kept;
            private readonly List<DownloadLink<LiveResponseTranscript>> _links = new();
            private readonly object? _any;
            string Text => {|#0:_kept = _links[0].Uri.AbsoluteUri|};
            void Lambda() => _links.ForEach(l => {|#1:_kept = l.Uri.ToString()|});
            void LocalFunction()
            {
                Keep();
                void Keep() => {|#2:_kept = _links.First().Uri.Query|};
            }

            void Loop(ILogger logger)
            {
                foreach (var l in _links.Where(l => l.ExpiresAt > DateTimeOffset.UtcNow))
                {
                    {|#3:logger.LogWarning(l.Uri.AbsoluteUri)|};
                }
            }

            void Pattern()
            {
                if (_any is DownloadLink<LiveResponseTranscript> link)
                {
                    {|#4:_kept = link.Uri.OriginalString|};
                }
            }
        }
        """,
        Stored(0, "stored in field '_kept'"),
        Stored(1, "stored in field '_kept'"),
        Stored(2, "stored in field '_kept'"),
        Logged(3, "ILogger.LogWarning"),
        Stored(4, "stored in field '_kept'"));

    [Fact]
    public Task Host_path_and_scheme_are_not_the_secret() => AnalyzerAsync("""
        class C
        {
            private string? _kept;
            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                _kept = link.Uri.Host + link.Uri.AbsolutePath + link.Uri.Scheme;
                Console.WriteLine(link.Uri.GetLeftPart(UriPartial.Path));
            }
        }
        """);
}
