using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Http;

/// <summary>Finds the machine action a request's route names, answering 404 when there is none.</summary>
internal static class MachineActionLookup
{
    /// <summary>The action named by the <c>machineActionId</c> route value, or <see langword="null"/> once a 404 is written.</summary>
    public static async Task<LiveResponseAction?> FindOrNotFoundAsync(HttpContext context, EmulatorState state)
    {
        string id = OperationRoutes.RouteValue(context, "machineActionId");
        LiveResponseAction? action = state.FindAction(id);
        if (action is null)
        {
            await ErrorResponses.WriteAsync(context, RequestError.NotFound($"Machine action {id} was not found")).ConfigureAwait(false);
        }

        return action;
    }
}
