namespace Mde.Bindings.Emulator.Actions;

/// <summary>How a planned command ends once it has run for its duration.</summary>
internal enum PlannedOutcome
{
    Complete,
    Fail,
    TimeOut,
}
