using System.Text.Json;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Time;
using Mde.Bindings.Testing;

namespace Mde.Bindings.Cli.Tests.Crashes;

/// <summary>The fleet job run once without interruption, on an emulator of its own: what every resumed job must print and save.</summary>
public sealed class UninterruptedFleetRun : IAsyncLifetime
{
    private readonly TempFolder _folder = new("mde-fleet-baseline-");

    /// <summary>Its <c>--json</c> transcripts in order, without their action ids.</summary>
    public IReadOnlyList<string> Transcripts { get; private set; } = [];

    /// <summary>Its result files by relative path, with their content.</summary>
    public SortedDictionary<string, byte[]> Files { get; private set; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        var time = new ScaledTimeProvider(FleetJob.TimeScale);
        await using EmulatorHost emulator = await FleetJob.StartEmulatorAsync(time);
        string output = _folder.Combine("results");
        CliRun run = await CliHarness.RunAsync(emulator, FleetJob.RunArguments(await FleetJob.WriteMachinesFileAsync(_folder.Path), _folder.Combine("job.db"), output), time);
        if (run.ExitCode != ExitCodes.Success)
        {
            throw new InvalidOperationException("The uninterrupted fleet run failed: " + run);
        }

        Transcripts = [.. JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Select(FleetJob.WithoutActionId)];
        Files = FleetJob.Files(output);
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
