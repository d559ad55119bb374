namespace Mde.Bindings.LiveResponse;

/// <summary>What a job store holds: the job's definition and its events in the order they were appended.</summary>
/// <param name="Definition">The job as it was created.</param>
/// <param name="Events">Every event so far, oldest first.</param>
internal sealed record LiveResponseJobRecord(LiveResponseJobDefinition Definition, IReadOnlyList<LiveResponseJobEvent> Events);
