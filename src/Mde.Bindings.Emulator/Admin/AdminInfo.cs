namespace Mde.Bindings.Emulator.Admin;

/// <summary>
/// Where the emulator listens, as <c>GET /_emulator</c> tells it, with its clock: <c>now</c> and <c>timeScale</c>, how
/// many times faster than real time that clock and its rate-limit windows run (1 unless started with <c>--time-scale</c>),
/// which a client reads to scale its own limits to match.
/// </summary>
internal sealed record AdminInfo(string ApiBaseAddress, string StorageBaseAddress, string TokenEndpoint, string Audience, string Now, double TimeScale);
