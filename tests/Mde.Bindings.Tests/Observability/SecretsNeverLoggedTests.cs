using System.Diagnostics.Metrics;
using Mde.Bindings.Auth;
using Mde.Bindings.Downloads;
using Mde.Bindings.Http;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Observability;
using Mde.Bindings.Testing;
using Mde.Bindings.Tests.Infrastructure;
using Mde.Bindings.Tests.LiveResponse;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Logging;

namespace Mde.Bindings.Tests.Observability;

/// <summary>
/// A whole run, logged at every level through the real pipeline: no line holds the bearer token or a link
/// signature, and the meter counts the calls.
/// </summary>
public sealed class SecretsNeverLoggedTests
{
    private const string Token = "eyJ0eXAiOiJKV1QiLCJhbGciOi.secret-token-value";

    [Fact]
    public async Task A_full_run_logs_no_token_and_no_signature_and_is_counted()
    {
        using var service = new FakeLiveResponseService();
        service.Devices["dev-1"] = FakeOutcome.Succeed;
        service.Devices["dev-2"] = FakeOutcome.FailSecondCommand;
        using var logs = new CollectingLoggerProvider();
        var limiters = new ExactRateLimiterProvider("tenant", "app");
        HttpClient api = new MdeHttpPipeline(new Uri(FakeLiveResponseService.ApiBase), "https://api.securitycenter.microsoft.com", limiters, new FixedTokenSource()) { Loggers = logs }.CreateClient(service);
        var downloader = new LinkDownloader(service.CreateStorageClient(), logger: logs.CreateLogger<LinkDownloader>() as ILogger<LinkDownloader>);
        var client = new LiveResponseClient(api, limiters, downloader, logger: logs.CreateLogger<LiveResponseClient>() as ILogger<LiveResponseClient>);

        var counted = new List<(string Instrument, long Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MdeTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (counted)
            {
                counted.Add((instrument.Name, value));
            }
        });
        listener.Start();

        using var output = new TempFolder();
        IReadOnlyList<MachineRunOutcome> outcomes = await client.RunManyAsync(
            ["dev-1", "dev-2"],
            [LiveResponseCommandRequest.RunScript("minidump.ps1"), LiveResponseCommandRequest.GetFile(@"C:\x.zip")],
            new LiveResponseRunOptions { PollInterval = TimeSpan.FromMilliseconds(1), MaxPollInterval = TimeSpan.FromMilliseconds(2), FleetPollInterval = TimeSpan.FromMilliseconds(1), OutputDirectory = output.Path });

        Assert.True(outcomes[0].Succeeded);
        Assert.IsType<LiveResponseFailedException>(outcomes[1].Error);
        Assert.Contains(service.Requests, r => r.Authorization == "Bearer " + Token);
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, l => l.Contains("storage.test", StringComparison.Ordinal));
        Assert.All(logs.Lines, line =>
        {
            Assert.DoesNotContain(Token, line, StringComparison.Ordinal);
            Assert.DoesNotContain("sig=", line, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(Token, outcomes[1].Error!.ToString(), StringComparison.Ordinal);
        lock (counted)
        {
            Assert.Contains(counted, c => c.Instrument == "mde.client.requests" && c.Value == 1);
        }
    }

    private sealed class FixedTokenSource : IAccessTokenSource
    {
        public Task<MdeAccessToken> GetTokenAsync(string audience, bool forceRefresh, CancellationToken cancellationToken) =>
            Task.FromResult(new MdeAccessToken(Token, DateTimeOffset.UtcNow.AddHours(1)));
    }
}
