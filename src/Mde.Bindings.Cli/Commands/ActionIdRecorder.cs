using System.Collections.Concurrent;
using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Commands;

/// <summary>Passes progress on and remembers each device's machine action id, so that a failure after the start can name it.</summary>
internal sealed class ActionIdRecorder(IProgress<LiveResponseProgress> inner) : IProgress<LiveResponseProgress>
{
    private readonly ConcurrentDictionary<string, string> _actionIds = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The id of the action started on <paramref name="machineId"/>, once the service has given it.</summary>
    public string? ActionIdOf(string machineId) => _actionIds.GetValueOrDefault(machineId);

    public void Report(LiveResponseProgress value)
    {
        if (value.MachineActionId is { } id)
        {
            _actionIds[value.MachineId] = id;
        }

        inner.Report(value);
    }
}
