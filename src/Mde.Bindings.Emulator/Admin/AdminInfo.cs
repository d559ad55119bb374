namespace Mde.Bindings.Emulator.Admin;

/// <summary>Where the emulator listens, as <c>GET /_emulator</c> tells it.</summary>
internal sealed record AdminInfo(string ApiBaseAddress, string StorageBaseAddress, string TokenEndpoint, string Audience, string Now);
