namespace Mde.Bindings.LiveResponse;

/// <summary>The journal's typed side: what a job writes to and reads from a store that keeps text (<see cref="LiveResponseJobJson"/>).</summary>
internal static class LiveResponseJobStoreExtensions
{
    /// <summary>The store's job, read; null when it holds none.</summary>
    /// <exception cref="LiveResponseJobFormatException">The journal is from a newer version or damaged.</exception>
    public static async ValueTask<LiveResponseJobRecord?> LoadRecordAsync(this ILiveResponseJobStore store, CancellationToken cancellationToken = default)
    {
        LiveResponseJobJournal? journal = await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        return journal is null ? null : Decode(journal);
    }

    public static ValueTask CreateAsync(this ILiveResponseJobStore store, LiveResponseJobDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return store.CreateAsync(definition.JobId, LiveResponseJobJson.Serialize(definition), cancellationToken);
    }

    public static ValueTask AppendAsync(this ILiveResponseJobStore store, LiveResponseJobEvent jobEvent, CancellationToken cancellationToken = default) =>
        store.AppendAsync(LiveResponseJobJson.Serialize(jobEvent), cancellationToken);

    /// <exception cref="LiveResponseJobFormatException">The journal is from a newer version or damaged.</exception>
    public static LiveResponseJobRecord Decode(LiveResponseJobJournal journal) =>
        new(LiveResponseJobJson.DeserializeDefinition(journal.Definition), [.. journal.Entries.Select(LiveResponseJobJson.DeserializeEvent)]);
}
