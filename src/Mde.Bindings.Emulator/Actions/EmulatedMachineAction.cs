namespace Mde.Bindings.Emulator.Actions;

/// <summary>A live response action of the emulator as it stands when read.</summary>
/// <param name="Id">The machine action id.</param>
/// <param name="MachineId">The device it runs on.</param>
/// <param name="Status">Pending, InProgress, Succeeded, Failed, TimeOut or Cancelled.</param>
/// <param name="Requestor">The app that started it.</param>
/// <param name="RequestorComment">The comment it was started with.</param>
/// <param name="CreationDateTimeUtc">When it was created.</param>
/// <param name="LastUpdateDateTimeUtc">When its status last changed.</param>
/// <param name="Commands">Its commands, in order.</param>
public sealed record EmulatedMachineAction(
    string Id,
    string MachineId,
    string Status,
    string Requestor,
    string? RequestorComment,
    DateTimeOffset CreationDateTimeUtc,
    DateTimeOffset LastUpdateDateTimeUtc,
    IReadOnlyList<EmulatedCommandState> Commands);
