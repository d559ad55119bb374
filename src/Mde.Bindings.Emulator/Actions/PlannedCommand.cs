using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Actions;

/// <summary>
/// One command of an action, decided when the action is created: how long it runs, how it ends, and what it leaves.
/// Deciding up front keeps every later read a pure function of the clock.
/// </summary>
internal sealed record PlannedCommand(LiveResponseCommand Request, TimeSpan Duration, PlannedOutcome Outcome, string? Error, StoredResult? Result);
