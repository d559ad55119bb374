using Mde.Bindings.Analyzers.Tests.Infrastructure;
using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>MDE1001: every way of keeping a link (or its text) beyond the code that obtained it is reported, where it happens.</summary>
public sealed class StoreTests
{
    [Fact]
    public Task Instance_field() => AnalyzerAsync("""
        class C
        {
            private DownloadLink<LiveResponseTranscript>? _cache;
            async Task M(ILiveResponseApi api, CancellationToken ct)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0, ct);
                {|#0:_cache = link|};
            }
        }
        """, Stored(0, "stored in field '_cache'"));

    [Fact]
    public Task Static_field_from_the_call_directly() => AnalyzerAsync("""
        class C
        {
            private static DownloadLink<LiveResponseTranscript>? s_last;
            static async Task M(ILiveResponseApi api) => {|#0:s_last = await api.GetLiveResponseResultDownloadLinkAsync("a", 0)|};
        }
        """, Stored(0, "stored in static field 's_last'"));

    [Fact]
    public Task Property_instance_and_static() => AnalyzerAsync("""
        class C
        {
            public Uri? LastUri { get; set; }
            public static string? Shared { get; set; }
            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:LastUri = link.Uri|};
                {|#1:Shared = link.Uri.AbsoluteUri|};
            }
        }
        """, Stored(0, "stored in property 'LastUri'"), Stored(1, "stored in static property 'Shared'"));

    [Fact]
    public Task Field_of_another_object_reached_from_this_or_a_parameter() => AnalyzerAsync("""
        class Holder { public Uri? Link; }
        class C
        {
            private readonly Holder _holder = new();
            async Task M(ILiveResponseApi api, Holder other)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:_holder.Link = link.Uri|};
                {|#1:other.Link = link.Uri|};
            }
        }
        """, Stored(0, "stored in field 'Link'"), Stored(1, "stored in field 'Link'"));

    [Fact]
    public Task Array_element_and_indexer() => AnalyzerAsync("""
        class C
        {
            private readonly Uri[] _links = new Uri[4];
            private readonly Dictionary<string, DownloadLink<LiveResponseTranscript>> _byAction = new();
            async Task M(ILiveResponseApi api, string id)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync(id, 0);
                {|#0:_links[0] = link.Uri|};
                {|#1:_byAction[id] = link|};
            }
        }
        """, Stored(0, "stored in an element of array '_links'"), Stored(1, "stored in the indexer of '_byAction'"));

    [Theory]
    [InlineData("List<DownloadLink<LiveResponseTranscript>>", "_items.Add(link)", "Add")]
    [InlineData("List<DownloadLink<LiveResponseTranscript>>", "_items.Insert(0, link)", "Insert")]
    [InlineData("Queue<DownloadLink<LiveResponseTranscript>>", "_items.Enqueue(link)", "Enqueue")]
    [InlineData("Stack<Uri>", "_items.Push(link.Uri)", "Push")]
    [InlineData("ConcurrentDictionary<string, Uri>", "_items.TryAdd(\"k\", link.Uri)", "TryAdd")]
    [InlineData("ConcurrentDictionary<string, Uri>", "_items.GetOrAdd(\"k\", link.Uri)", "GetOrAdd")]
    [InlineData("ConcurrentDictionary<string, Uri>", "_items.AddOrUpdate(\"k\", link.Uri, (_, _) => link.Uri)", "AddOrUpdate")]
    [InlineData("HashSet<string>", "_items.Add(link.Uri.ToString())", "Add")]
    [InlineData("Dictionary<string, string>", "_items.TryAdd(\"k\", link.Uri.OriginalString)", "TryAdd")]
    public Task Collection_adds(string collectionType, string call, string method) => AnalyzerAsync($$"""
        class C
        {
            private readonly {{collectionType}} _items = new();
            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:{{call}}|};
            }
        }
        """, Stored(0, "added to collection '_items." + method + "'"));

    [Fact]
    public Task Append_on_a_builder_field() => AnalyzerAsync("""
        class C
        {
            private readonly StringBuilder _report = new();
            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:_report.Append(link.Uri)|};
            }
        }
        """, Stored(0, "added to builder '_report.Append'"));

    [Fact]
    public Task Collection_parameter_is_the_callers_storage() => AnalyzerAsync("""
        class C
        {
            async Task Collect(ILiveResponseApi api, List<Uri> into)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:into.Add(link.Uri)|};
            }
        }
        """, Stored(0, "added to collection 'into.Add'"));

    [Fact]
    public Task Object_and_collection_initializers_that_are_kept() => AnalyzerAsync("""
        sealed class Entry { public Uri? Link { get; init; } public DateTimeOffset Expires { get; init; } }
        class C
        {
            private Entry? _entry;
            private List<Uri>? _uris;
            private readonly List<Entry> _entries = new();
            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:_entry = new Entry { Link = link.Uri, Expires = link.ExpiresAt }|};
                {|#1:_uris = new List<Uri> { link.Uri }|};
                {|#2:_entries.Add(new Entry { Link = link.Uri })|};
            }
        }
        """,
        Stored(0, "stored in field '_entry'"),
        Stored(1, "stored in field '_uris'"),
        Stored(2, "added to collection '_entries.Add'"));

    [Fact]
    public Task Record_constructor_tuple_and_anonymous_object_that_are_kept() => AnalyzerAsync("""
        sealed record CachedLink(Uri Link, DateTimeOffset Expires);
        class C
        {
            private CachedLink? _cached;
            private (Uri, int) _pair;
            private object? _any;
            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:_cached = new CachedLink(link.Uri, link.ExpiresAt)|};
                {|#1:_pair = (link.Uri, 1)|};
                {|#2:_any = new { Url = link.Uri.AbsoluteUri }|};
            }
        }
        """,
        Stored(0, "stored in field '_cached'"),
        Stored(1, "stored in field '_pair'"),
        Stored(2, "stored in field '_any'"));

    [Fact]
    public Task Local_collection_that_is_then_kept() => AnalyzerAsync("""
        class C
        {
            private List<Uri>? _all;
            async Task M(ILiveResponseApi api)
            {
                var links = new List<Uri>();
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                links.Add(link.Uri);
                {|#0:_all = links|};
            }
        }
        """, Stored(0, "stored in field '_all'"));

    [Fact]
    public Task Field_and_property_initializers() => AnalyzerAsync("""
        class C
        {
            static DownloadLink<LiveResponseTranscript> Fixed => new(new Uri("https://x.blob.core.windows.net/a?sig=1"), DateTimeOffset.MaxValue);
            private readonly Uri _uri = {|#0:Fixed.Uri|};
            public string Text { get; } = {|#1:Fixed.Uri.ToString()|};
        }
        """, Stored(0, "stored in field '_uri'"), Stored(1, "stored in property 'Text'"));

    [Fact]
    public Task Lambda_that_captures_the_link_and_is_stored_or_returned() => AnalyzerAsync("""
        class C
        {
            private Func<Uri>? _later;
            private readonly List<Action> _callbacks = new();
            public event Action? Done;
            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:_later = () => link.Uri|};
                {|#1:_callbacks.Add(() => Console.WriteLine(link.ExpiresAt))|};
                {|#2:Done += () => _ = link.Uri.Host|};
            }

            async Task<Func<CancellationToken, Task<Stream>>> Open(ILiveResponseApi api, HttpClient http)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#3:return c => http.GetStreamAsync(link.Uri, c);|}
            }
        }
        """,
        Stored(0, "captured by a lambda stored in field '_later'"),
        Stored(1, "captured by a lambda added to collection '_callbacks.Add'"),
        Stored(2, "captured by a lambda subscribed to event 'Done'"),
        Stored(3, "captured by a lambda returned from 'Open'"));

    [Fact]
    public Task Local_function_that_captures_the_link_and_is_stored() => AnalyzerAsync("""
        class C
        {
            private Func<Uri>? _later;
            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:_later = Where|};
                Uri Where() => link.Uri;
            }
        }
        """, Stored(0, "captured by local function 'Where' stored in field '_later'"));

    [Fact]
    public Task Serialized() => AnalyzerAsync("""
        class C
        {
            async Task<string> M(ILiveResponseApi api, Stream stream)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                await {|#0:JsonSerializer.SerializeAsync(stream, new { url = link.Uri })|};
                var bytes = {|#1:JsonSerializer.SerializeToUtf8Bytes(link.Uri.AbsoluteUri)|};
                return {|#2:JsonSerializer.Serialize(link)|};
            }
        }
        """,
        Stored(0, "serialized by JsonSerializer.SerializeAsync"),
        Stored(1, "serialized by JsonSerializer.SerializeToUtf8Bytes"),
        Stored(2, "serialized by JsonSerializer.Serialize"));

    [Fact]
    public Task Written_to_a_file_or_a_stream() => AnalyzerAsync("""
        class C
        {
            async Task M(ILiveResponseApi api, StreamWriter writer)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:File.WriteAllText("links.txt", link.Uri.ToString())|};
                await {|#1:File.AppendAllTextAsync("links.txt", "link: " + link.Uri)|};
                await {|#2:writer.WriteLineAsync(link.Uri.AbsoluteUri)|};
            }
        }
        """,
        Stored(0, "written to a file by File.WriteAllText"),
        Stored(1, "written to a file by File.AppendAllTextAsync"),
        Stored(2, "written to a stream by TextWriter.WriteLineAsync"));

    [Fact]
    public Task Caches() => AnalyzerAsync("""
        namespace Microsoft.Extensions.Caching.Memory
        {
            public interface IMemoryCache { }
            public static class CacheExtensions { public static T Set<T>(this IMemoryCache cache, object key, T value) => value; }
        }

        namespace Microsoft.Extensions.Caching.Distributed
        {
            public interface IDistributedCache { }
            public static class DistributedCacheExtensions { public static void SetString(this IDistributedCache cache, string key, string value) { } }
        }

        namespace App
        {
            using Microsoft.Extensions.Caching.Distributed;
            using Microsoft.Extensions.Caching.Memory;
            class C(IMemoryCache memory, IDistributedCache distributed)
            {
                async Task M(ILiveResponseApi api)
                {
                    var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                    {|#0:memory.Set("link", link)|};
                    {|#1:distributed.SetString("link", link.Uri.AbsoluteUri)|};
                }
            }
        }
        """, Stored(0, "added to cache 'memory.Set'"), Stored(1, "added to cache 'distributed.SetString'"));
}
