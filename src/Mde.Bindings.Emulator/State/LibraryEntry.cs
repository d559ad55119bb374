namespace Mde.Bindings.Emulator.State;

/// <summary>A library file with what the library records about it.</summary>
internal sealed record LibraryEntry(EmulatedLibraryFile File, string Sha256, DateTimeOffset CreationTime, DateTimeOffset LastUpdatedTime);
