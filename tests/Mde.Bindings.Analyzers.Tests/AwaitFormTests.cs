using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>However the link comes out of its task, it is the same link.</summary>
public sealed class AwaitFormTests
{
    [Theory]
    [InlineData("await api.GetLiveResponseResultDownloadLinkAsync(\"a\", 0)")]
    [InlineData("await api.GetLiveResponseResultDownloadLinkAsync(\"a\", 0).ConfigureAwait(false)")]
    [InlineData("(await api.GetLiveResponseResultDownloadLinkAsync(\"a\", 0).ConfigureAwait(false))")]
    [InlineData("await (api.GetLiveResponseResultDownloadLinkAsync(\"a\", 0))")]
    [InlineData("api.GetLiveResponseResultDownloadLinkAsync(\"a\", 0).Result")]
    [InlineData("api.GetLiveResponseResultDownloadLinkAsync(\"a\", 0).GetAwaiter().GetResult()")]
    public Task The_link_object(string obtain) => AnalyzerAsync($$"""
        class C
        {
            private object? _kept;
            async Task M(ILiveResponseApi api)
            {
                {|#0:_kept = {{obtain}}|};
                var local = {{obtain}};
                {|#1:_kept = local|};
            }
        }
        """, Stored(0, "stored in field '_kept'"), Stored(1, "stored in field '_kept'"));

    [Theory]
    [InlineData("(await api.GetLiveResponseResultDownloadLinkAsync(\"a\", 0)).Uri")]
    [InlineData("(await api.GetLiveResponseResultDownloadLinkAsync(\"a\", 0).ConfigureAwait(false)).Uri.AbsoluteUri")]
    public Task The_text_of_an_awaited_link(string expression) => AnalyzerAsync($$"""
        class C
        {
            private object? _kept;
            async Task M(ILiveResponseApi api, ILogger logger)
            {
                {|#0:_kept = {{expression}}|};
                {|#1:logger.LogInformation("{Url}", {{expression}})|};
            }
        }
        """, Stored(0, "stored in field '_kept'"), Logged(1, "ILogger.LogInformation"));
}
