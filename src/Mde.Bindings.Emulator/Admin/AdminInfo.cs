namespace Mde.Bindings.Emulator.Admin;

/// <summary>
/// Where the emulator listens, as <c>GET /_emulator</c> tells it, with its clock: <c>now</c>, and <c>timeScale</c>, how
/// many times faster than its clients' real clock its own clock and rate-limit windows run (the standalone emulator's
/// <c>--time-scale</c>), which a client reads to scale its own limits to match. An emulator that shares its clock with
/// its clients (in-process, Retry-After in its own seconds) says 1: its clients' clock is already its own.
/// </summary>
internal sealed record AdminInfo(string ApiBaseAddress, string StorageBaseAddress, string TokenEndpoint, string Audience, string Now, double TimeScale);
