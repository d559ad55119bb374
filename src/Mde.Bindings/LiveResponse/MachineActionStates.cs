using System.Collections.Frozen;

namespace Mde.Bindings.LiveResponse;

/// <summary>
/// The one rule of which machine action states are final (Succeeded, Failed, TimeOut, Cancelled: the action will not
/// change again), and how a status from the wire maps to a <see cref="MachineActionState"/>. The client's polling,
/// the fleet poller, mde-lr's progress and the emulator's tests all ask here.
/// </summary>
internal static class MachineActionStates
{
    /// <summary>Whether an action in <paramref name="state"/> has ended; an unknown state is not final (keep polling).</summary>
    public static bool IsFinal(MachineActionState state) =>
        state is MachineActionState.Succeeded or MachineActionState.Failed or MachineActionState.TimeOut or MachineActionState.Cancelled;

    /// <summary>Whether an action whose <c>status</c> reads <paramref name="wireStatus"/> has ended.</summary>
    public static bool IsFinal(string? wireStatus) => IsFinal(FromWire(wireStatus));

    // By name only: Enum.TryParse would also take "3" or "Pending, Failed" and make a state of them.
    private static readonly FrozenDictionary<string, MachineActionState> s_byName =
        Enum.GetValues<MachineActionState>().ToFrozenDictionary(s => s.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The state a wire status names (ignoring case, as the service does), or <see cref="MachineActionState.Unknown"/>.</summary>
    public static MachineActionState FromWire(string? wireStatus) =>
        wireStatus is not null && s_byName.TryGetValue(wireStatus, out MachineActionState state) ? state : MachineActionState.Unknown;
}
