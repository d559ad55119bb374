using Mde.Bindings.Transcripts;

namespace Mde.Bindings.Cli;

/// <summary>A transcript with the device and the machine action it came from, as <c>--json</c> prints it.</summary>
internal sealed record TranscriptOrigin(string MachineId, string MachineActionId, ScriptTranscript Transcript);
