namespace Mde.Bindings.Cli.Jobs;

/// <summary>A journal's content: the job's id and definition, then its events oldest first.</summary>
internal sealed record JobJournalContent(string JobId, string DefinitionJson, IReadOnlyList<JobJournalEntry> Events);
