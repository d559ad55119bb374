using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>
/// A declaration is skipped when it names nothing through which a link can enter it (LinkEntryNames). Each test here
/// has a declaration whose code names neither a link type nor a member that returns one: the link enters through a
/// path the compiler takes without a name, and must still be reported.
/// </summary>
public sealed class EntryNameTests
{
    [Fact]
    public Task Through_an_inherited_generic_member() => AnalyzerAsync("""
        class Holder<T>
        {
            public T? Value { get; set; }
        }

        class Keeper : Holder<DownloadLink<LiveResponseTranscript>>
        {
            private Uri? _kept;
            void M() => {|#0:_kept = Value!.Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Through_an_indexer() => AnalyzerAsync("""
        sealed class Shelf
        {
            private readonly List<DownloadLink<LiveResponseTranscript>> _all = new();
            public DownloadLink<LiveResponseTranscript> this[int i] => _all[i];
        }

        class C
        {
            private readonly Shelf _shelf = new();
            private Uri? _kept;
            void M() => {|#0:_kept = _shelf[0].Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Through_an_operator_on_a_parameter() => AnalyzerAsync("""
        sealed class Ticket
        {
            public static DownloadLink<LiveResponseTranscript> operator +(Ticket ticket, int offset) => null!;
        }

        class C
        {
            private Uri? _kept;
            void M(Ticket ticket) => {|#0:_kept = (ticket + 1).Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Through_a_using_alias() => AnalyzerAsync("""
        using Fetched = Mde.Bindings.DownloadLink<Mde.Bindings.LiveResponse.LiveResponseTranscript>;

        class C
        {
            private Uri? _kept;
            void M(object value) => {|#0:_kept = ((Fetched)value).Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Through_a_primary_constructor_parameter() => AnalyzerAsync("""
        class C(Func<DownloadLink<LiveResponseTranscript>> source)
        {
            private Uri? _kept;
            void M() => {|#0:_kept = source().Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Through_a_custom_awaiter() => AnalyzerAsync("""
        sealed class Pending
        {
            public Waiter GetAwaiter() => new();
        }

        sealed class Waiter : System.Runtime.CompilerServices.INotifyCompletion
        {
            public bool IsCompleted => true;
            public DownloadLink<LiveResponseTranscript> GetResult() => null!;
            public void OnCompleted(Action continuation) => continuation();
        }

        class C
        {
            private Uri? _kept;
            async Task M(Func<Pending> start) => {|#0:_kept = (await start()).Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Through_an_extension_awaiter() => AnalyzerAsync("""
        sealed class Pending
        {
        }

        static class PendingAwaiting
        {
            public static TaskAwaiter<DownloadLink<LiveResponseTranscript>> GetAwaiter(this Pending pending) => Task.FromResult<DownloadLink<LiveResponseTranscript>>(null!).GetAwaiter();
        }

        class C
        {
            private Uri? _kept;
            async Task M(Func<Pending> start) => {|#0:_kept = (await start()).Uri|};
        }
        """.Replace("TaskAwaiter<", "System.Runtime.CompilerServices.TaskAwaiter<", StringComparison.Ordinal), Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Through_a_deconstruction() => AnalyzerAsync("""
        sealed class Pair
        {
            public void Deconstruct(out DownloadLink<LiveResponseTranscript> first, out int second) => (first, second) = (null!, 0);
        }

        class C
        {
            private Uri? _kept;
            void M(Func<Pair> make)
            {
                var (first, _) = make();
                {|#0:_kept = first.Uri|};
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Through_a_method_of_the_compilation_that_returns_link_text() => AnalyzerAsync("""
        class C
        {
            private string? _kept;
            private DownloadLink<LiveResponseTranscript>? _link;
            string Text() => _link!.Uri.AbsoluteUri;
            void M() => {|#0:_kept = Text()|};
        }
        """, Stored(0, "stored in field '_kept'"));
}
