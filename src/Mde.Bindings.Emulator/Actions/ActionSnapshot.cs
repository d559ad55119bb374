using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Actions;

/// <summary>Where an action stands at a given instant.</summary>
internal sealed record ActionSnapshot(MachineActionStatus Status, DateTimeOffset LastUpdate, IReadOnlyList<CommandSnapshot> Commands);
