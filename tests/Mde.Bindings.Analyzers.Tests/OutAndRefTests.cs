using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>A link that leaves a method through an <c>out</c> or <c>ref</c> parameter is followed where the caller takes it.</summary>
public sealed class OutAndRefTests
{
    [Fact]
    public Task A_link_handed_back_through_out_is_followed_into_the_callers_local() => AnalyzerAsync("""
        class Links(ILiveResponseApi api)
        {
            public bool TryGetUrl(string id, out Uri url)
            {
                var link = api.GetLiveResponseResultDownloadLinkAsync(id, 0).GetAwaiter().GetResult();
                url = link.Uri;
                return true;
            }
        }

        // No operation here has a link type: the out argument is what makes the method worth analyzing.
        class Caller(Links links)
        {
            private Uri? _kept;

            void M()
            {
                if (links.TryGetUrl("a", out var url))
                {
                    {|#0:_kept = url|};
                }

                Uri? other;
                links.TryGetUrl("b", out other);
                {|#1:Console.WriteLine(other!.AbsoluteUri)|};
            }
        }
        """, Stored(0, "stored in field '_kept'"), Logged(1, "Console.WriteLine"));

    [Fact]
    public Task An_out_argument_that_is_a_field_is_a_store_at_the_call() => AnalyzerAsync("""
        class C
        {
            private Uri? _kept;

            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:Copy(link.Uri, out _kept)|};
            }

            static void Copy(Uri from, out Uri? to) => to = from;
        }
        """, Stored(0, "stored in field '_kept' by 'Copy'"));

    [Fact]
    public Task A_ref_parameter_carries_the_link_both_ways() => AnalyzerAsync("""
        class C
        {
            private string? _kept;

            async Task M(ILiveResponseApi api, ILogger logger)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                string text = "none";
                Append(ref text, link.Uri.AbsoluteUri);
                {|#0:logger.LogError(text)|};
                {|#1:Keep(ref text)|};
            }

            static void Append(ref string text, string more) => text += more;
            void Keep(ref string text) => _kept = text;
        }
        """, Logged(0, "ILogger.LogError"), Stored(1, "stored in field '_kept' by 'Keep'"));

    [Fact]
    public Task Inside_the_method_an_out_parameter_that_holds_the_link_is_tracked_like_a_local() => AnalyzerAsync("""
        class C
        {
            private Uri? _last;

            bool TryGet(ILiveResponseApi api, out Uri url)
            {
                var link = api.GetLiveResponseResultDownloadLinkAsync("a", 0).GetAwaiter().GetResult();
                url = link.Uri;
                {|#0:_last = url|};
                return true;
            }
        }
        """, Stored(0, "stored in field '_last'"));

    [Fact]
    public Task Out_values_that_are_not_the_secret_are_not_reported() => AnalyzerAsync("""
        class C
        {
            private string? _host;
            private DateTimeOffset _expires;
            private Uri? _endpoint;

            async Task M(ILiveResponseApi api, Uri endpoint)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                Split(link, out _host, out _expires);
                Copy(endpoint, out _endpoint);
                if (int.TryParse(link.Uri.Query, out int number))
                {
                    _expires = _expires.AddSeconds(number);
                }
            }

            static void Split(DownloadLink<LiveResponseTranscript> link, out string host, out DateTimeOffset expires)
            {
                host = link.Uri.Host;
                expires = link.ExpiresAt;
            }

            static void Copy(Uri from, out Uri to) => to = from;
        }
        """);
}
