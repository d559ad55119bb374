using Mde.Bindings.Downloads;
using Mde.Bindings.LiveResponse;
using Microsoft.Extensions.Time.Testing;

namespace Mde.Bindings.Tests.LiveResponse.Fleet;

/// <summary>A fleet run against <see cref="TimedFleetService"/> with the clock moved forward in small steps until it ends.</summary>
internal sealed class FleetHarness : IDisposable
{
    public static readonly LiveResponseCommandRequest[] Script = [LiveResponseCommandRequest.RunScript("collect.ps1")];

    public FleetHarness()
    {
        Service = new TimedFleetService(Clock);
        Client = new LiveResponseClient(Service.CreateClient(), limiters: null, new LinkDownloader(new HttpClient(Service, disposeHandler: false), timeProvider: Clock), Clock);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    public TimedFleetService Service { get; }

    public LiveResponseClient Client { get; }

    public DateTimeOffset Start => new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    public string Output { get; } = Path.Combine(Path.GetTempPath(), "mde-fleet-" + Guid.NewGuid().ToString("N"));

    public static string[] Devices(int count) => Enumerable.Range(1, count).Select(i => $"device-{i:0000}").ToArray();

    /// <summary>Runs <paramref name="run"/> while moving the clock half a second at a time, letting the run settle in between.</summary>
    public async Task<T> DriveAsync<T>(Func<Task<T>> run, TimeSpan? limit = null)
    {
        Task<T> task = Task.Run(run);
        DateTimeOffset until = Clock.GetUtcNow() + (limit ?? TimeSpan.FromHours(3));
        while (!task.IsCompleted)
        {
            // Move the clock only once the run is quiet: no request in the last few real milliseconds (or 50 ms passed).
            for (int quiet = 0, waited = 0; quiet < 2 && waited < 25 && !task.IsCompleted; waited++)
            {
                int before = Service.RequestCount;
                await Task.Delay(2);
                quiet = Service.RequestCount == before ? quiet + 1 : 0;
            }

            if (Clock.GetUtcNow() >= until)
            {
                throw new TimeoutException($"The run did not end within {limit ?? TimeSpan.FromHours(3)} of simulated time.");
            }

            Clock.Advance(TimeSpan.FromMilliseconds(500));
        }

        return await task;
    }

    public void Dispose()
    {
        if (Directory.Exists(Output))
        {
            Directory.Delete(Output, recursive: true);
        }

        Service.Dispose();
    }
}
