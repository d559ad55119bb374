using Mde.Bindings.LiveResponse;

namespace Mde.Bindings.Cli.Tests.Crashes;

/// <summary>A journal store that dies (with the whole simulated process) when it is asked to append a chosen event.</summary>
internal sealed class CrashingJobStore(ILiveResponseJobStore inner, CrashSwitch crash, Func<LiveResponseJobEvent, bool> crashBefore) : ILiveResponseJobStore
{
    public ValueTask<LiveResponseJobJournal?> LoadAsync(CancellationToken cancellationToken = default)
    {
        crash.ThrowIfTripped();
        return inner.LoadAsync(cancellationToken);
    }

    public ValueTask CreateAsync(string jobId, string definition, CancellationToken cancellationToken = default)
    {
        crash.ThrowIfTripped();
        return inner.CreateAsync(jobId, definition, cancellationToken);
    }

    public ValueTask AppendAsync(string entry, CancellationToken cancellationToken = default)
    {
        crash.ThrowIfTripped();
        LiveResponseJobEvent jobEvent = LiveResponseJobJson.DeserializeEvent(entry);
        if (crashBefore(jobEvent))
        {
            throw crash.Trip($"before the journal got {jobEvent}");
        }

        return inner.AppendAsync(entry, cancellationToken);
    }
}
