namespace Mde.Bindings.Emulator.State;

/// <summary>How a planned command ends once it has run for its duration.</summary>
internal enum PlannedOutcome
{
    Complete,
    Fail,
    TimeOut,
}
