namespace Mde.Bindings.Emulator.State;

/// <summary>What a completed command leaves to download: a RunScript transcript or a GetFile file. PutFile leaves none.</summary>
internal abstract record CommandResult;

/// <summary>The transcript of a RunScript command.</summary>
internal sealed record TranscriptResult(string ScriptName, int ExitCode, string Output, string Errors) : CommandResult;

/// <summary>The file a GetFile command collected.</summary>
internal sealed record FileResult(string Path, byte[] Content) : CommandResult;
