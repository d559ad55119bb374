namespace Mde.Bindings.Emulator.Admin;

/// <summary>The answer to adding a fault rule.</summary>
internal sealed record AdminFaultAdded(string Id);
