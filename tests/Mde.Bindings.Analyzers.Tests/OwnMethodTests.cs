using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>
/// A link handed to a method of the same compilation is followed into it (its summary) and reported at the call, where
/// the link is handed over; what such a method returns of a link is followed at the caller.
/// </summary>
public sealed class OwnMethodTests
{
    [Fact]
    public Task A_helper_that_keeps_or_logs_its_parameter_is_reported_at_the_call() => AnalyzerAsync("""
        class C(ILogger logger)
        {
            private Uri? _kept;
            private static readonly List<string> s_seen = new();

            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:Keep(link.Uri)|};
                {|#1:Write("got " + link.Uri)|};
                {|#2:Helpers.Remember(link.Uri.AbsoluteUri)|};
            }

            void Keep(Uri uri) => _kept = uri;

            void Write(string text)
            {
                var line = text.Trim();
                logger.LogInformation(line);
            }
        }

        static class Helpers
        {
            private static readonly List<string> s_seen = new();
            public static void Remember(string text) => s_seen.Add(text);
        }
        """,
        Stored(0, "stored in field '_kept' by 'Keep'"),
        Logged(1, "ILogger.LogInformation by 'Write'"),
        Stored(2, "added to collection 's_seen.Add' by 'Remember'"));

    [Fact]
    public Task Through_a_chain_of_helpers_recursion_and_a_local_function() => AnalyzerAsync("""
        class C
        {
            private string? _kept;

            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:Outer(link.Uri.ToString())|};
                {|#1:Countdown(link.Uri.Query, 3)|};
                {|#2:KeepHere(link.Uri.AbsoluteUri)|};

                void KeepHere(string text) => _kept = text;
            }

            void Outer(string text) => Middle("url: " + text);
            void Middle(string text) => Inner(text);
            void Inner(string text) => _kept = text;

            void Countdown(string text, int n)
            {
                if (n > 0)
                {
                    Countdown(text, n - 1);
                }
                else
                {
                    _kept = text;
                }
            }
        }
        """,
        Stored(0, "stored in field '_kept' by 'Inner', called through 'Outer', 'Middle'"),
        Stored(1, "stored in field '_kept' by 'Countdown'"),
        Stored(2, "stored in field '_kept' by 'KeepHere'"));

    [Fact]
    public Task A_helper_that_fills_the_callers_collection_is_reported_only_when_that_collection_is_kept() => AnalyzerAsync("""
        class C
        {
            private readonly List<Uri> _all = new();

            async Task<int> M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:Fill(_all, link.Uri)|};
                var local = new List<Uri>();
                Fill(local, link.Uri);
                return local.Count;
            }

            static void Fill(List<Uri> into, Uri uri) => into.Add(uri);
        }
        """, Stored(0, "added to collection 'into.Add' by 'Fill'"));

    [Fact]
    public Task Text_returned_by_a_helper_is_followed_at_the_caller() => AnalyzerAsync("""
        class C
        {
            private string? _kept;
            private Uri? _uri;

            async Task M(ILiveResponseApi api, ILogger logger)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:_kept = TextOf(link.Uri)|};
                {|#1:_kept = Describe(link)|};
                {|#2:logger.LogWarning(Echo(link.Uri).AbsoluteUri)|};
                {|#3:_uri = await EchoAsync(link.Uri).ConfigureAwait(false)|};
            }

            static string TextOf(Uri uri) => uri.AbsoluteUri;
            static string Describe(DownloadLink<LiveResponseTranscript> link) => "link " + link.Uri;
            static T Echo<T>(T value) => value;
            static async Task<Uri> EchoAsync(Uri uri)
            {
                await Task.Yield();
                return uri;
            }
        }
        """,
        Stored(0, "stored in field '_kept'"),
        Stored(1, "stored in field '_kept'"),
        Logged(2, "ILogger.LogWarning"),
        Stored(3, "stored in field '_uri'"));

    [Fact]
    public Task A_method_that_obtains_a_link_and_returns_its_text_makes_its_callers_analyzed() => AnalyzerAsync("""
        class Links(ILiveResponseApi api)
        {
            public async Task<string> UrlAsync(string id)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync(id, 0);
                return link.Uri.AbsoluteUri;
            }

            public string Url(string id) => UrlAsync(id).GetAwaiter().GetResult();
        }

        // No operation here has a link type: the calls are what makes these methods worth analyzing.
        class Caller(Links links, ILogger logger)
        {
            private string? _kept;

            async Task M()
            {
                {|#0:_kept = await links.UrlAsync("a")|};
                var url = links.Url("b");
                {|#1:logger.LogInformation("Fetching {Url}", url)|};
            }
        }
        """, Stored(0, "stored in field '_kept'"), Logged(1, "ILogger.LogInformation"));

    [Fact]
    public Task Helpers_that_consume_redact_or_keep_something_else_are_not_reported() => AnalyzerAsync("""
        interface IKeeper { void Keep(Uri uri); }

        sealed class Holder
        {
            private Uri? _uri;
            public Holder(Uri uri) => _uri = uri;
            public void Replace(Uri uri) => _uri = uri;
            public Uri? Uri => _uri;
        }

        class C(ILogger logger, HttpClient http, IKeeper keeper)
        {
            private string? _host;
            private int _length;

            async Task<int> M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                await Consume(link.Uri);
                LogSafely(link.Uri);
                KeepHost(link.Uri);
                KeepLength(link.Uri.AbsoluteUri);
                keeper.Keep(link.Uri);
                var holder = new Holder(link.Uri);
                holder.Replace(link.Uri);
                _host = Host(link.Uri);
                return holder.Uri is null ? 0 : 1;
            }

            async Task Consume(Uri uri) => await http.GetByteArrayAsync(uri);
            void LogSafely(Uri uri) => logger.LogInformation("Downloading {Url}", Redaction.Redact(uri));
            void KeepHost(Uri uri) => _host = uri.Host;
            void KeepLength(string text) => _length = text.Length;
            static string Host(Uri uri) => uri.Host;
        }
        """);

    [Fact]
    public Task A_constructor_that_logs_its_parameter_is_reported_one_that_keeps_it_in_the_new_object_is_not() => AnalyzerAsync("""
        sealed class Announcer
        {
            private readonly string _text;
            public Announcer(string text, ILogger logger)
            {
                _text = text;
                logger.LogDebug(text);
            }

            public override string ToString() => _text;
        }

        sealed class Box
        {
            public Box(string text) => Text = text;
            public string Text { get; }
        }

        class C
        {
            async Task<int> M(ILiveResponseApi api, ILogger logger)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                var announcer = {|#0:new Announcer(link.Uri.AbsoluteUri, logger)|};
                var box = new Box(link.Uri.AbsoluteUri);
                return box.Text.Length + announcer.ToString().Length;
            }
        }
        """, Logged(0, "ILogger.LogDebug by 'Announcer'"));
}
