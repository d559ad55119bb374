namespace Mde.Bindings.LiveResponse;

/// <summary>
/// The journal of one fleet job: its definition, then an append-only log of what happened to each device. A
/// <see cref="LiveResponseJob"/> writes an event before and after each step on the service, so that a job stopped at
/// any moment (even killed) can be resumed without running a device twice.
/// </summary>
public interface ILiveResponseJobStore
{
    /// <summary>The job's definition and every event appended so far, in order; null when no job was created in this store.</summary>
    ValueTask<LiveResponseJobRecord?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the job. Fails when the store already holds one.</summary>
    ValueTask CreateAsync(LiveResponseJobDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Appends one event; it is durable when the returned task completes. <see cref="LiveResponseJob"/> calls it one at a time.</summary>
    ValueTask AppendAsync(LiveResponseJobEvent jobEvent, CancellationToken cancellationToken = default);
}
