namespace Mde.Bindings.Transcripts;

/// <summary>The members of a transcript other than its output, which went to a sink.</summary>
internal sealed record ParsedTranscript(string ScriptName, int ExitCode, string Errors);
