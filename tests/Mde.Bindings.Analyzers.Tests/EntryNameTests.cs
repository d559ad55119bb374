using Mde.Bindings.Analyzers.Tests.Infrastructure;
using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>
/// Links that enter a declaration without their name in its text. Only a declaration in which an operation is typed as a
/// link (or calls a method of the compilation that returns one's text) is analyzed, and any cheaper first test (a name
/// pre-filter was built and measured four times, see docs/benchmarks.md) must keep these: each declaration here names neither
/// a link type nor a member that returns one, or names one only in another form (an escape, an alias, a keyword, a base
/// list on another part), or a step away from the link (a tuple, a delegate, an enumerator, a base of a base, an out
/// parameter), and its link must still be reported.
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

    // A record's positional property, read by deconstructing what a method returns: no property name in the code.
    [Fact]
    public Task Through_a_positional_record_deconstruction() => AnalyzerAsync("""
        sealed record Entry(DownloadLink<LiveResponseTranscript> Link, int Index);

        static class Entries
        {
            public static Entry Latest() => null!;
        }

        class C
        {
            private Uri? _kept;
            void M()
            {
                var (first, _) = Entries.Latest();
                {|#0:_kept = first.Uri|};
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // foreach over a type whose enumerator (a second type) has a link as Current: two steps from the name written.
    [Fact]
    public Task Through_the_current_of_a_custom_enumerator() => AnalyzerAsync("""
        sealed class Shelf
        {
            public Cursor GetEnumerator() => new();
        }

        sealed class Cursor
        {
            public DownloadLink<LiveResponseTranscript> Current => null!;
            public bool MoveNext() => false;
        }

        class C
        {
            private Uri? _kept;
            void M(Func<Shelf> open)
            {
                foreach (var item in open())
                {
                    {|#0:_kept = item.Uri|};
                }
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // foreach over an int: the link comes from an extension GetEnumerator, and the loop names nothing at all.
    [Fact]
    public Task Through_an_extension_enumerator_of_a_plain_type() => AnalyzerAsync("""
        static class Counting
        {
            public static IEnumerator<DownloadLink<LiveResponseTranscript>> GetEnumerator(this int count)
            {
                yield break;
            }
        }

        class C
        {
            private Uri? _kept;
            void M()
            {
                foreach (var item in 3)
                {
                    {|#0:_kept = item.Uri|};
                }
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // var (x, _) = text: the link comes from an extension Deconstruct of string, not named in the declaration.
    [Fact]
    public Task Through_an_extension_deconstruct_of_a_plain_type() => AnalyzerAsync("""
        static class Splitting
        {
            public static void Deconstruct(this string text, out DownloadLink<LiveResponseTranscript> first, out int second) => (first, second) = (null!, 0);
        }

        class C
        {
            private Uri? _kept;
            void M(string text)
            {
                var (first, _) = text;
                {|#0:_kept = first.Uri|};
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // A user-defined implicit conversion at a call argument: the link exists only as the converted argument.
    [Fact]
    public Task Through_an_implicit_conversion_at_a_call_argument() => AnalyzerAsync("""
        sealed class Ticket
        {
            public static implicit operator DownloadLink<LiveResponseTranscript>(Ticket ticket) => null!;
        }

        static class Addresses
        {
            public static Uri Of(DownloadLink<LiveResponseTranscript> link) => link.Uri;
        }

        class C
        {
            private Uri? _kept;
            void M(Ticket ticket) => {|#0:_kept = Addresses.Of(ticket)|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A field of a delegate type whose Invoke returns a link: the call names the field, the link type is in the delegate.
    [Fact]
    public Task Through_a_field_of_a_link_returning_delegate_type() => AnalyzerAsync("""
        delegate DownloadLink<LiveResponseTranscript> Fetch();

        class C
        {
            private readonly Fetch _next = () => null!;
            private Uri? _kept;
            void M() => {|#0:_kept = _next().Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A generic method whose type argument (a link) is inferred: its return type T names nothing.
    [Fact]
    public Task Through_a_generic_method_with_an_inferred_link_type_argument() => AnalyzerAsync("""
        static class Passing
        {
            public static T Identity<T>(T value) => value;
        }

        class Holder<T>
        {
            public T? Value { get; set; }
        }

        class Keeper : Holder<DownloadLink<LiveResponseTranscript>>
        {
        }

        class C
        {
            private Uri? _kept;
            void M(Keeper keeper) => {|#0:_kept = Passing.Identity(keeper.Value)!.Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A type nested in a carrying type reads an inherited static member of its container: nothing named, nothing in its own base list.
    [Fact]
    public Task Through_a_type_nested_in_a_carrying_type() => AnalyzerAsync("""
        class Holder<T>
        {
            protected static T? Shared { get; set; }
        }

        class Outer : Holder<DownloadLink<LiveResponseTranscript>>
        {
            sealed class Inner
            {
                private Uri? _kept;
                void M() => {|#0:_kept = Shared!.Uri|};
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // A partial class whose carrying base list is written on another part, in another file.
    [Fact]
    public Task Through_a_base_list_on_another_part_of_a_partial_class() => AnalyzerAsync(
        [
            TestSources.Usings + """
            class Holder<T>
            {
                public T? Value { get; set; }
            }

            partial class Keeper : Holder<DownloadLink<LiveResponseTranscript>>
            {
            }
            """,
            TestSources.Usings + """
            partial class Keeper
            {
                private Uri? _kept;
                void M() => {|#0:_kept = Value!.Uri|};
            }
            """,
        ],
        Stored(0, "stored in field '_kept'"));

    // A base class that carries only through its own base class: the derived base list names neither the link nor the holder.
    [Fact]
    public Task Through_two_levels_of_base_classes() => AnalyzerAsync("""
        class Holder<T>
        {
            public T? Value { get; set; }
        }

        class Middle : Holder<DownloadLink<LiveResponseTranscript>>
        {
        }

        class Keeper : Middle
        {
            private Uri? _kept;
            void M() => {|#0:_kept = Value!.Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A method returning a tuple that holds a link, read through ItemN: the link type is inside the tuple type.
    [Fact]
    public Task Through_a_tuple_returning_method() => AnalyzerAsync("""
        static class Entries
        {
            public static (DownloadLink<LiveResponseTranscript>, int) Latest() => (null!, 0);
        }

        class C
        {
            private Uri? _kept;
            void M() => {|#0:_kept = Entries.Latest().Item1.Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // `using static` imports a link-returning method: the call names no type.
    [Fact]
    public Task Through_a_using_static_import() => AnalyzerAsync("""
        using static Links;

        static class Links
        {
            public static DownloadLink<LiveResponseTranscript> Latest() => null!;
        }

        class C
        {
            private Uri? _kept;
            void M() => {|#0:_kept = Latest().Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // `base[...]` of a base class that carries through its indexer: the derived declaration names no member.
    [Fact]
    public Task Through_the_indexer_of_a_carrying_base() => AnalyzerAsync("""
        class Shelf
        {
            public DownloadLink<LiveResponseTranscript> this[int i] => null!;
        }

        class Keeper : Shelf
        {
            private Uri? _kept;
            void M() => {|#0:_kept = base[0].Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A query expression over int[] whose Select is a link-returning extension: `Select` is never written.
    [Fact]
    public Task Through_a_query_expression_with_a_custom_select() => AnalyzerAsync("""
        static class Picking
        {
            public static DownloadLink<LiveResponseTranscript> Select(this int[] source, Func<int, int> selector) => null!;
        }

        class C
        {
            private Uri? _kept;
            void M(int[] numbers)
            {
                var picked = from n in numbers select n + 1;
                {|#0:_kept = picked.Uri|};
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // An interface property implemented explicitly (its symbol is named `ISource.Link`), read through a constrained type parameter.
    [Fact]
    public Task Through_an_explicitly_implemented_interface_property() => AnalyzerAsync("""
        interface ISource
        {
            DownloadLink<LiveResponseTranscript> Link { get; }
        }

        sealed class Source : ISource
        {
            DownloadLink<LiveResponseTranscript> ISource.Link => null!;
        }

        class C
        {
            private Uri? _kept;
            void M<TSource>(TSource source) where TSource : ISource => {|#0:_kept = source.Link.Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A target-typed new(...) creates a link at a call argument: the created type is named only by the parameter.
    [Fact]
    public Task Through_a_target_typed_new_at_a_call_argument() => AnalyzerAsync("""
        static class Addresses
        {
            public static Uri Of(DownloadLink<LiveResponseTranscript> link) => link.Uri;
        }

        class C
        {
            private Uri? _kept;
            void M(Uri uri) => {|#0:_kept = Addresses.Of(new(uri, DateTimeOffset.UtcNow))|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A verbatim identifier: the text has `@Latest`, the name is `Latest`.
    [Fact]
    public Task Through_a_verbatim_identifier() => AnalyzerAsync("""
        static class Links
        {
            public static DownloadLink<LiveResponseTranscript> Latest() => null!;
        }

        class C
        {
            private Uri? _kept;
            void M() => {|#0:_kept = Links.@Latest().Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A unicode escape in a member name: the text has `\u004Catest`, the name is `Latest`.
    [Fact]
    public Task Through_a_unicode_escape_in_a_member_name() => AnalyzerAsync("""
        static class Links
        {
            public static DownloadLink<LiveResponseTranscript> Latest() => null!;
        }

        class C
        {
            private Uri? _kept;
            void M() => {|#0:_kept = Links.\u004Catest().Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A unicode escape in the link type's own name, in a parameter list.
    [Fact]
    public Task Through_a_unicode_escape_in_a_type_name() => AnalyzerAsync("""
        class C
        {
            private Uri? _kept;
            void M(\u0044ownloadLink<LiveResponseTranscript> link) => {|#0:_kept = link.Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A global using alias declared in another file.
    [Fact]
    public Task Through_a_global_using_alias_in_another_file() => AnalyzerAsync(
        [
            "global using Fetched = Mde.Bindings.DownloadLink<Mde.Bindings.LiveResponse.LiveResponseTranscript>;\n",
            TestSources.Usings + """
            class C
            {
                private Uri? _kept;
                void M(object value) => {|#0:_kept = ((Fetched)value).Uri|};
            }
            """,
        ],
        Stored(0, "stored in field '_kept'"));

    // A bool method hands the link's text back through an out parameter: its return type carries nothing.
    [Fact]
    public Task Through_the_out_parameter_of_a_bool_method() => AnalyzerAsync("""
        class C
        {
            private string? _kept;
            private DownloadLink<LiveResponseTranscript>? _link;

            bool TryText(out string text)
            {
                text = _link!.Uri.AbsoluteUri;
                return true;
            }

            void M()
            {
                if (TryText(out var text))
                {
                    {|#0:_kept = text|};
                }
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // A void method hands the link's text back through a ref parameter.
    [Fact]
    public Task Through_the_ref_parameter_of_a_void_method() => AnalyzerAsync("""
        class C
        {
            private string? _kept;
            private DownloadLink<LiveResponseTranscript>? _link;

            void Fill(ref string text) => text = _link!.Uri.AbsoluteUri;

            void M()
            {
                string text = "";
                Fill(ref text);
                {|#0:_kept = text|};
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // An awaited Task<string> of the compilation that returns the link's text.
    [Fact]
    public Task Through_an_awaited_method_that_returns_link_text() => AnalyzerAsync("""
        class C
        {
            private string? _kept;
            private DownloadLink<LiveResponseTranscript>? _link;

            async Task<string> TextAsync()
            {
                await Task.Yield();
                return _link!.Uri.AbsoluteUri;
            }

            async Task M() => {|#0:_kept = await TextAsync()|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A method typed object that returns the link's text boxed.
    [Fact]
    public Task Through_a_method_returning_object() => AnalyzerAsync("""
        class C
        {
            private object? _kept;
            private DownloadLink<LiveResponseTranscript>? _link;
            object Describe() => _link!.Uri.AbsoluteUri;
            void M() => {|#0:_kept = Describe()|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // An iterator of the compilation that yields the link's text: its return type is a sequence of text, not text.
    [Fact]
    public Task Through_an_iterator_that_yields_link_text() => AnalyzerAsync("""
        class C
        {
            private string? _kept;
            private DownloadLink<LiveResponseTranscript>? _link;

            IEnumerable<string> Texts()
            {
                yield return _link!.Uri.AbsoluteUri;
            }

            void M() => {|#0:_kept = Texts().First()|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // await foreach over an int: the links come from an extension GetAsyncEnumerator, and the loop names nothing.
    [Fact]
    public Task Through_an_extension_async_enumerator_of_a_plain_type() => AnalyzerAsync("""
        static class Counting
        {
            public static async IAsyncEnumerator<DownloadLink<LiveResponseTranscript>> GetAsyncEnumerator(this int count)
            {
                await Task.Yield();
                yield break;
            }
        }

        class C
        {
            private Uri? _kept;
            async Task M()
            {
                await foreach (var item in 3)
                {
                    {|#0:_kept = item.Uri|};
                }
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // A query with only a where clause calls Where and no Select: the method is written as the keyword `where`.
    [Fact]
    public Task Through_a_query_expression_with_a_custom_where() => AnalyzerAsync("""
        static class Filtering
        {
            public static DownloadLink<LiveResponseTranscript> Where(this int[] source, Func<int, bool> predicate) => null!;
        }

        class C
        {
            private Uri? _kept;
            void M(int[] numbers)
            {
                var picked = from n in numbers where n > 0 select n;
                {|#0:_kept = picked.Uri|};
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // A range index calls an implicit Slice(start, length): the link-returning member is never written.
    [Fact]
    public Task Through_an_implicit_slice_of_a_range() => AnalyzerAsync("""
        sealed class Segment
        {
            public int Length => 0;
            public DownloadLink<LiveResponseTranscript> Slice(int start, int length) => null!;
        }

        class C
        {
            private Uri? _kept;
            void M(Segment segment) => {|#0:_kept = segment[1..].Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A list pattern reads elements through an implicit indexer: the element is a link, no member is written.
    [Fact]
    public Task Through_a_list_pattern() => AnalyzerAsync("""
        sealed class Shelf
        {
            public int Count => 0;
            public DownloadLink<LiveResponseTranscript> this[int i] => null!;
        }

        class C
        {
            private Uri? _kept;
            void M(Shelf shelf)
            {
                if (shelf is [var first, ..])
                {
                    {|#0:_kept = first.Uri|};
                }
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    // The type's own indexer, reached through `this`: the declaration names neither the indexer nor the link.
    [Fact]
    public Task Through_the_declaring_types_own_indexer() => AnalyzerAsync("""
        sealed class Shelf
        {
            private readonly List<DownloadLink<LiveResponseTranscript>> _all = new();
            private Uri? _kept;
            public DownloadLink<LiveResponseTranscript> this[int i] => _all[i];
            void M() => {|#0:_kept = this[0].Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    // A LINQ operator on `this`, of a type that is a list of links through its base list: the element comes out of
    // First(), a framework method that names nothing of the link.
    [Fact]
    public Task Through_a_query_on_this_of_a_carrying_base() => AnalyzerAsync("""
        sealed class Shelf : List<DownloadLink<LiveResponseTranscript>>
        {
            private Uri? _kept;
            void M() => {|#0:_kept = this.First().Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));
}
