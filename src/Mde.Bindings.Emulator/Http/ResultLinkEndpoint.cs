using System.Globalization;
using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Faults;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Http;

/// <summary>
/// GetLiveResponseResultDownloadLink: a signed link to the storage port, valid for the spec's link lifetime. A new
/// call gives a fresh link to the same result without running anything again.
/// </summary>
internal sealed class ResultLinkEndpoint
{
    private readonly EmulatorRuntime _runtime;

    public ResultLinkEndpoint(EmulatorRuntime runtime)
    {
        _runtime = runtime;
    }

    public void Map(IEndpointRouteBuilder routes, ApiGuard guard) =>
        routes.MapOperation(guard, LiveResponseApiDescription.GetLiveResponseResultDownloadLink, HandleAsync);

    private async Task HandleAsync(HttpContext context, TokenClaims caller)
    {
        if (await MachineActionLookup.FindOrNotFoundAsync(context, _runtime.State).ConfigureAwait(false) is not { } action)
        {
            return;
        }

        string indexText = OperationRoutes.RouteValue(context, "commandIndex");
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index >= action.Commands.Count)
        {
            string id = OperationRoutes.RouteValue(context, "machineActionId");
            await ErrorResponses.WriteAsync(context, 400, "InvalidInput", $"index={indexText} is not a command of machine action {id}: use 0 to {action.Commands.Count - 1}.").ConfigureAwait(false);
            return;
        }

        DateTimeOffset now = _runtime.TimeProvider.GetUtcNow();
        if (Unavailable(action, action.Evaluate(now), index) is { } reason)
        {
            await ErrorResponses.WriteAsync(context, RequestError.NotFound(reason)).ConfigureAwait(false);
            return;
        }

        TimeSpan lifetime = LiveResponseApiDescription.GetLiveResponseResultDownloadLink.LinkLifetime!.Value;
        DateTimeOffset expiresAt = context.Items.ContainsKey(FaultInjector.ExpiredLinkItem) ? now - TimeSpan.FromMinutes(1) : now + lifetime;
        Uri link = _runtime.Links.Create(_runtime.StorageBaseAddress, action.Id, index, expiresAt);
        await JsonResponses.WriteODataValueAsync(context, "Edm.String", writer => writer.WriteStringValue(link.AbsoluteUri)).ConfigureAwait(false);
    }

    /// <summary>Why a command has no result to download yet (or ever), or <see langword="null"/> when it has one.</summary>
    internal static string? Unavailable(LiveResponseAction action, ActionSnapshot snapshot, int index)
    {
        PlannedCommand planned = action.Commands[index];
        if (planned.Request.Type == LiveResponseCommandType.PutFile)
        {
            return $"Command {index} of machine action {action.Id} is a PutFile, which produces no result.";
        }

        CommandSnapshot command = snapshot.Commands[index];
        return command.Status == CommandStatus.Completed && planned.Result is not null
            ? null
            : $"The result of command {index} of machine action {action.Id} is not available: the command is {command.Status}.";
    }
}
