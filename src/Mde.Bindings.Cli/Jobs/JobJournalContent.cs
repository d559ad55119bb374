namespace Mde.Bindings.Cli.Jobs;

/// <summary>A journal's content: the job's id, the service it runs against, its definition, then its events oldest first.</summary>
internal sealed record JobJournalContent(string JobId, string Service, string DefinitionJson, IReadOnlyList<JobJournalEntry> Events);
