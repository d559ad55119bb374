namespace Mde.Bindings.Emulator.Library;

/// <summary>
/// A library file as the emulated library stores it: the file with the hash and times the library records. Not the
/// runtime's <c>Mde.Bindings.LiveResponse.LibraryEntry</c>, which is what a client reads back.
/// </summary>
internal sealed record StoredLibraryFile(EmulatedLibraryFile File, string Sha256, DateTimeOffset CreationTime, DateTimeOffset LastUpdatedTime);
