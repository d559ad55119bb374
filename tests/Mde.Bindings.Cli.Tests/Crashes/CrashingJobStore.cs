using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Tests.Crashes;

/// <summary>A journal store that dies (with the whole simulated process) when it is asked to append a chosen event.</summary>
internal sealed class CrashingJobStore(ILiveResponseJobStore inner, CrashSwitch crash, Func<LiveResponseJobEvent, bool> crashBefore) : ILiveResponseJobStore
{
    public ValueTask<LiveResponseJobRecord?> LoadAsync(CancellationToken cancellationToken = default)
    {
        crash.ThrowIfTripped();
        return inner.LoadAsync(cancellationToken);
    }

    public ValueTask CreateAsync(LiveResponseJobDefinition definition, CancellationToken cancellationToken = default)
    {
        crash.ThrowIfTripped();
        return inner.CreateAsync(definition, cancellationToken);
    }

    public ValueTask AppendAsync(LiveResponseJobEvent jobEvent, CancellationToken cancellationToken = default)
    {
        crash.ThrowIfTripped();
        if (crashBefore(jobEvent))
        {
            throw crash.Trip($"before the journal got {jobEvent}");
        }

        return inner.AppendAsync(jobEvent, cancellationToken);
    }
}
