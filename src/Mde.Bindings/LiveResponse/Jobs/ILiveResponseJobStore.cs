namespace Mde.Bindings.LiveResponse;

/// <summary>
/// Where a <see cref="LiveResponseJob"/> keeps its journal: the job's definition, then an append-only log of what
/// happened to each device. The job writes an entry before and after each step on the service, so that a job stopped
/// at any moment (even killed) can be resumed without running a device twice. A store keeps text and never reads it:
/// the job writes and reads the entries, and refuses a journal from a newer version.
/// </summary>
internal interface ILiveResponseJobStore
{
    /// <summary>The job's definition and every entry appended so far, in order; null when no job was created in this store.</summary>
    ValueTask<LiveResponseJobJournal?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the job from its definition (text to keep as given). Fails when the store already holds one.</summary>
    /// <param name="jobId">The job's id, for a store that names or indexes its jobs.</param>
    /// <param name="definition">The job's definition, to give back unchanged by <see cref="LoadAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask CreateAsync(string jobId, string definition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends one entry (text to keep as given); it is durable when the returned task completes.
    /// <see cref="LiveResponseJob"/> calls it one at a time.
    /// </summary>
    ValueTask AppendAsync(string entry, CancellationToken cancellationToken = default);
}
