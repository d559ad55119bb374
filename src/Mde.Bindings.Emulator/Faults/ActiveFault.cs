namespace Mde.Bindings.Emulator.Faults;

/// <summary>A fault rule in force.</summary>
/// <param name="Id">The id to remove it by.</param>
/// <param name="Rule">The rule.</param>
/// <param name="Remaining">How many more requests it hits; <see langword="null"/> for no end.</param>
public sealed record ActiveFault(string Id, FaultRule Rule, int? Remaining);
