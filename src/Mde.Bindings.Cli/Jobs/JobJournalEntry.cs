namespace Mde.Bindings.Cli.Jobs;

/// <summary>One event as stored: its place in the journal, its kind and its JSON.</summary>
internal sealed record JobJournalEntry(long Sequence, string Kind, string BodyJson);
