namespace Mde.Bindings.Emulator.Actions;

/// <summary>Where one command of an emulated action stands.</summary>
/// <param name="Index">The command's position in the action.</param>
/// <param name="Type">PutFile, RunScript or GetFile.</param>
/// <param name="Status">Created, Submitted, PendingResource, Executing, Completed or Failed.</param>
/// <param name="Errors">What the command reported.</param>
public sealed record EmulatedCommandState(int Index, string Type, string Status, IReadOnlyList<string> Errors);
