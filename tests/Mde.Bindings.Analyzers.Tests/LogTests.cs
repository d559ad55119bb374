using static Mde.Bindings.Analyzers.Tests.Infrastructure.Verify;

namespace Mde.Bindings.Analyzers.Tests;

/// <summary>MDE1002: a link, or its text, reaching a log, the console, a trace or an exception message is reported.</summary>
public sealed partial class LogTests
{
    [Theory]
    [InlineData("logger.LogInformation(\"Downloading {Url}\", link.Uri)", "ILogger.LogInformation")]
    [InlineData("logger.LogDebug($\"Downloading {link.Uri}\")", "ILogger.LogDebug")]
    [InlineData("logger.LogWarning(\"Got \" + link.Uri.AbsoluteUri)", "ILogger.LogWarning")]
    [InlineData("logger.Log(LogLevel.Error, \"{Link}\", link)", "ILogger.Log")]
    [InlineData("logger.LogTrace(\"Got {Link}\", link)", "ILogger.LogTrace")]
    [InlineData("logger.BeginScope(\"{Url}\", link.Uri.ToString())", "ILogger.BeginScope")]
    public Task ILogger_calls(string call, string where) => AnalyzerAsync($$"""
        class C
        {
            async Task M(ILiveResponseApi api, ILogger logger)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:{{call}}|};
            }
        }
        """, Logged(0, where));

    [Fact]
    public Task LoggerMessage_methods_and_delegates() => AnalyzerAsync("""
        static partial class Log
        {
            [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Link ready: {Url}")]
            public static partial void LinkReady(ILogger logger, Uri url);
            public static partial void LinkReady(ILogger logger, Uri url) { }

            public static readonly Action<ILogger, string, Exception?> Fetched =
                LoggerMessage.Define<string>(LogLevel.Information, new EventId(2), "Fetched {Url}");
        }

        class C
        {
            async Task M(ILiveResponseApi api, ILogger logger)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:Log.LinkReady(logger, link.Uri)|};
                {|#1:Log.Fetched(logger, link.Uri.AbsoluteUri, null)|};
            }
        }
        """, Logged(0, "LoggerMessage method 'LinkReady'"), Logged(1, "a LoggerMessage.Define delegate"));

    [Fact]
    public Task Console_debug_and_trace() => AnalyzerAsync("""
        class C
        {
            async Task M(ILiveResponseApi api)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                {|#0:Console.WriteLine(link.Uri)|};
                {|#1:Console.Error.WriteLine("link: " + link.Uri)|};
                {|#2:Debug.WriteLine(link.Uri.AbsoluteUri)|};
                {|#3:Trace.TraceInformation("link {0}", link.Uri.OriginalString)|};
                {|#4:Console.Write($"{link.Uri}")|};
            }
        }
        """,
        Logged(0, "Console.WriteLine"),
        Logged(1, "Console.Error.WriteLine"),
        Logged(2, "Debug.WriteLine"),
        Logged(3, "Trace.TraceInformation"),
        Logged(4, "Console.Write"));

    [Fact]
    public Task Exception_messages() => AnalyzerAsync("""
        class C
        {
            async Task M(ILiveResponseApi api, HttpClient http)
            {
                var link = await api.GetLiveResponseResultDownloadLinkAsync("a", 0);
                using var response = await http.GetAsync(link.Uri);
                if (!response.IsSuccessStatusCode)
                {
                    throw {|#0:new InvalidOperationException($"Download from {link.Uri} failed")|};
                }

                throw {|#1:new HttpRequestException("failed: " + link.Uri.AbsoluteUri)|};
            }
        }
        """,
        Logged(0, "the message of exception 'InvalidOperationException'"),
        Logged(1, "the message of exception 'HttpRequestException'"));
}
