namespace Mde.Bindings.Emulator.Actions;

/// <summary>
/// What a completed command leaves in emulated storage for its result link: a RunScript transcript or a GetFile file.
/// PutFile leaves none. Not the runtime's <c>Mde.Bindings.LiveResponse.CommandResult</c>, which is what a client collected.
/// </summary>
internal abstract record StoredResult;

/// <summary>The transcript of a RunScript command.</summary>
internal sealed record StoredTranscript(string ScriptName, int ExitCode, string Output, string Errors) : StoredResult;

/// <summary>The file a GetFile command collected.</summary>
internal sealed record StoredCollectedFile(string Path, byte[] Content) : StoredResult;
