using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Commands;

/// <summary>Passes progress on and remembers the machine action's id, so that a failure after the start can name it.</summary>
internal sealed class ActionIdRecorder(IProgress<LiveResponseProgress> inner) : IProgress<LiveResponseProgress>
{
    private volatile string? _actionId;

    /// <summary>The id of the action the run started, once the service has given it.</summary>
    public string? ActionId => _actionId;

    public void Report(LiveResponseProgress value)
    {
        if (value.MachineActionId is { } id)
        {
            _actionId = id;
        }

        inner.Report(value);
    }
}
