namespace Mde.Bindings.LiveResponse;

/// <summary>What an <see cref="ILiveResponseJobStore"/> holds, as the job wrote it: its definition and its entries, oldest first.</summary>
/// <param name="Definition">The text given to <see cref="ILiveResponseJobStore.CreateAsync"/>.</param>
/// <param name="Entries">The texts given to <see cref="ILiveResponseJobStore.AppendAsync"/>, in the order they were appended.</param>
internal sealed record LiveResponseJobJournal(string Definition, IReadOnlyList<string> Entries);
