using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Protocol;

namespace Mde.Bindings.Emulator.Http;

/// <summary>Turns an action, as it stands, into the documented MachineAction entity.</summary>
internal static class MachineActionMapper
{
    public static MachineAction ToModel(LiveResponseAction action, ActionSnapshot snapshot, string? odataContext)
    {
        bool cancelled = snapshot.Status == MachineActionStatus.Cancelled;
        return new MachineAction
        {
            OdataContext = odataContext,
            Id = action.Id,
            Type = MachineActionType.LiveResponse,
            Requestor = action.Requestor,
            RequestorComment = action.Comment,
            Status = snapshot.Status,
            MachineId = action.Device.Id,
            ComputerDnsName = action.Device.ComputerDnsName,
            CreationDateTimeUtc = action.Created,
            LastUpdateDateTimeUtc = snapshot.LastUpdate,
            CancellationRequestor = cancelled ? action.CancellationRequestor : null,
            CancellationComment = cancelled ? action.CancellationComment : null,
            CancellationDateTimeUtc = cancelled ? action.CancelledAt : null,
            ErrorHResult = 0,
            RequestSource = "PublicApi",
            Commands = [.. snapshot.Commands.Select((command, index) => new MachineActionCommand
            {
                Index = index,
                StartTime = command.StartTime,
                EndTime = command.EndTime,
                CommandStatus = command.Status,
                Errors = command.Errors,
                Command = action.Commands[index].Request,
            })],
        };
    }
}
