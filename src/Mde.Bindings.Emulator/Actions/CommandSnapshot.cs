using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Actions;

/// <summary>Where one command stands at a given instant.</summary>
internal sealed record CommandSnapshot(CommandStatus Status, DateTimeOffset? StartTime, DateTimeOffset? EndTime, IReadOnlyList<string> Errors);
