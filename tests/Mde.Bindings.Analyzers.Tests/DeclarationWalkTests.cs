using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>
/// The declaration walk (which decides whether a declaration is analyzed at all) reads the common kinds of operation
/// through their own interfaces and a block's statements in the order of the code. A link whose only entry lies inside
/// one of those shapes must still get its declaration analyzed.
/// </summary>
public sealed class DeclarationWalkTests
{
    [Fact]
    public Task Through_an_operand_of_a_concatenation() => AnalyzerAsync("""
        class C
        {
            private string? _kept;
            void M(Func<DownloadLink<LiveResponseTranscript>> source) => {|#0:_kept = "at " + source().Uri|};
        }
        """, Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Through_the_second_declarator_after_a_nested_block() => AnalyzerAsync("""
        class C
        {
            private Uri? _kept;

            void M(Func<DownloadLink<LiveResponseTranscript>> source)
            {
                int count = 0;
                {
                    count++;
                }

                Uri? none = null, fetched = source().Uri;
                {|#0:_kept = fetched|};
            }
        }
        """, Stored(0, "stored in field '_kept'"));

    [Fact]
    public Task Not_when_the_link_is_obtained_and_consumed_in_later_statements() => AnalyzerAsync("""
        class C
        {
            private int _count;

            async Task M(ILiveResponseApi api, HttpClient http)
            {
                _count++;
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                using var response = await http.GetAsync(link.Uri);
                _count += (int)response.StatusCode;
            }
        }
        """);
}
