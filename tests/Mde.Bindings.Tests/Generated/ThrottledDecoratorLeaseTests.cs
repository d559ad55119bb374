using System.Net;
using System.Threading.RateLimiting;
using Mde.Bindings.LiveResponse;
using Mde.Bindings.Tests.Infrastructure;
using Mde.Bindings.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.Generated;

/// <summary>
/// How the generated throttling decorator treats its leases: a permit of this library's limiters holds nothing, so the
/// inner call's own task is handed back; any other lease is held until the call completes; a wait comes before the call.
/// </summary>
public sealed class ThrottledDecoratorLeaseTests
{
    [Fact]
    public async Task A_free_permit_of_the_exact_limiter_hands_back_the_inner_calls_own_task()
    {
        var answer = new TaskCompletionSource<MachineAction>();
        using var limiters = new ExactRateLimiterProvider();
        var api = new ThrottledLiveResponseApi(new PendingApi(answer.Task), limiters);

        Task<MachineAction> call = api.GetMachineActionAsync("1");

        // No async layer of the decorator's own between the caller and the call.
        Assert.Same(answer.Task, call);
        answer.SetResult(new MachineAction { Id = "1", Type = MachineActionType.LiveResponse, Status = MachineActionStatus.Succeeded });
        Assert.Equal("1", (await call).Id);
    }

    [Fact]
    public async Task A_lease_that_gives_a_permit_back_is_held_until_the_call_completes()
    {
        using var gate = new SemaphoreSlim(0);
        var handler = new RecordingHandler(_ =>
        {
            gate.Wait();
            return RecordingHandler.Json(DocsExamples.Read("get-machineaction.response.json"));
        });
        using var concurrency = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        var api = new ThrottledLiveResponseApi(
            new LiveResponseApiClient(new HttpClient(handler) { BaseAddress = new Uri("https://api.security.microsoft.com") }),
            new OneLimiter(concurrency));

        Task<MachineAction> first = Task.Run(() => api.GetMachineActionAsync("1"));
        await WaitUntilAsync(() => handler.Requests.Count == 1);

        // The first call still holds the only permit: a second one is refused at once (no queue).
        await Assert.ThrowsAsync<RateLimitRejectedException>(() => api.GetMachineActionAsync("2"));

        gate.Release();
        await first;
        gate.Release();
        MachineAction third = await api.GetMachineActionAsync("3");

        Assert.Equal(MachineActionStatus.Succeeded, third.Status);
        Assert.Equal(1, concurrency.GetStatistics()!.CurrentAvailablePermits);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_permit_that_is_not_free_is_waited_for_before_the_call_goes_out()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var handler = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        using var limiter = new MultiWindowRateLimiter(new MultiWindowRateLimiterOptions
        {
            Windows = [new RateLimitWindow(1, TimeSpan.FromMinutes(1))],
            SafetyMargin = 0,
            TimeProvider = clock,
        });
        var api = new ThrottledLiveResponseApi(
            new LiveResponseApiClient(new HttpClient(handler) { BaseAddress = new Uri("https://api.security.microsoft.com") }),
            new OneLimiter(limiter));

        await api.DeleteLibraryFileAsync("a.ps1");
        Task second = api.DeleteLibraryFileAsync("b.ps1");

        Assert.False(second.IsCompleted);
        Assert.Single(handler.Requests);
        clock.Advance(TimeSpan.FromMinutes(1));
        await second;
        Assert.Equal("/api/libraryfiles/b.ps1", handler.Last.PathAndQuery);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>One limiter for every operation.</summary>
    private sealed class OneLimiter(RateLimiter limiter) : IRateLimiterProvider
    {
        public RateLimiter GetLimiter(EndpointDescription endpoint) => limiter;
    }

    /// <summary>An API whose GetMachineAction answers with a task the test completes; nothing else is called.</summary>
    private sealed class PendingApi(Task<MachineAction> answer) : ILiveResponseApi
    {
        public Task<MachineAction> GetMachineActionAsync(string machineActionId, CancellationToken cancellationToken = default) => answer;

        public Task<MachineAction> RunLiveResponseAsync(string machineId, RunLiveResponseRequest body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<MachineAction>> ListMachineActionsAsync(string? filter = null, int? top = null, int? skip = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<MachineAction> CancelMachineActionAsync(string machineActionId, CancelMachineActionRequest body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DownloadLink<LiveResponseTranscript>> GetLiveResponseResultDownloadLinkAsync(string machineActionId, int commandIndex, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DownloadLink<Stream>> GetPackageUriAsync(string machineActionId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<LibraryFile>> ListLibraryFilesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<LibraryFile> UploadLibraryFileAsync(LibraryUploadForm body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteLibraryFileAsync(string fileName, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Machine> GetMachineAsync(string machineId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
