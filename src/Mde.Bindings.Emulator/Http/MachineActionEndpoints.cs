using Mde.Bindings.Emulator.Actions;
using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.OData;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Http;

/// <summary>RunLiveResponse, GetMachineAction, ListMachineActions and CancelMachineAction, on the spec's routes.</summary>
internal sealed class MachineActionEndpoints
{
    private const string EntityFragment = "MachineActions/$entity";

    private readonly EmulatorRuntime _runtime;

    public MachineActionEndpoints(EmulatorRuntime runtime)
    {
        _runtime = runtime;
    }

    public void Map(IEndpointRouteBuilder routes, ApiGuard guard)
    {
        routes.MapOperation(guard, LiveResponseApiDescription.RunLiveResponse, RunAsync);
        routes.MapOperation(guard, LiveResponseApiDescription.GetMachineAction, GetAsync);
        routes.MapOperation(guard, LiveResponseApiDescription.ListMachineActions, ListAsync);
        routes.MapOperation(guard, LiveResponseApiDescription.CancelMachineAction, CancelAsync);
    }

    private async Task RunAsync(HttpContext context, TokenClaims caller)
    {
        (RunLiveResponseRequest? request, RequestError? bodyError) = await RequestBodies.ReadAsync(context, ProtocolJson.Context.RunLiveResponseRequest).ConfigureAwait(false);
        if (request is null)
        {
            await ErrorResponses.WriteAsync(context, bodyError!).ConfigureAwait(false);
            return;
        }

        string machineId = OperationRoutes.RouteValue(context, "machineId");
        // An app token's action names the app id as requestor (a user's would name the UPN): docs/service-behaviour.md.
        if (!_runtime.State.TryStartLiveResponse(machineId, request, caller.AppId, out LiveResponseAction? action, out RequestError? error))
        {
            await ErrorResponses.WriteAsync(context, error).ConfigureAwait(false);
            return;
        }

        await WriteActionAsync(context, StatusCodes.Status201Created, action).ConfigureAwait(false);
    }

    private async Task GetAsync(HttpContext context, TokenClaims caller)
    {
        if (await MachineActionLookup.FindOrNotFoundAsync(context, _runtime.State).ConfigureAwait(false) is { } action)
        {
            await WriteActionAsync(context, StatusCodes.Status200OK, action).ConfigureAwait(false);
        }
    }

    private async Task ListAsync(HttpContext context, TokenClaims caller)
    {
        MachineActionQuery query;
        try
        {
            query = MachineActionQuery.Parse(context.Request.Query.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value.ToString())));
        }
        catch (ODataQueryException e)
        {
            // The service's answer to a query it cannot take: code empty, message prefixed (docs/service-behaviour.md).
            await ErrorResponses.WriteAsync(context, 400, string.Empty, e.ServiceMessage).ConfigureAwait(false);
            return;
        }

        DateTimeOffset now = _runtime.TimeProvider.GetUtcNow();
        // Newest first unless $orderby says otherwise: actions are kept in the order they were created.
        (IReadOnlyList<MachineAction> page, int matched) = query.Apply(_runtime.State.SnapshotActions()
            .Reverse()
            .Select(a => MachineActionMapper.ToModel(a, a.Evaluate(now), null)));
        await JsonResponses.WriteODataValueAsync(context, "MachineActions", writer => MachineActionWriter.WriteList(writer, page), query.Count ? matched : null).ConfigureAwait(false);
    }

    private async Task CancelAsync(HttpContext context, TokenClaims caller)
    {
        (CancelMachineActionRequest? request, RequestError? bodyError) = await RequestBodies.ReadAsync(context, ProtocolJson.Context.CancelMachineActionRequest).ConfigureAwait(false);
        if (request is null)
        {
            await ErrorResponses.WriteAsync(context, bodyError!).ConfigureAwait(false);
            return;
        }

        if (await MachineActionLookup.FindOrNotFoundAsync(context, _runtime.State).ConfigureAwait(false) is not { } action)
        {
            return;
        }

        if (!action.TryCancel(_runtime.TimeProvider.GetUtcNow(), caller.AppId, request.Comment))
        {
            string status = action.Evaluate(_runtime.TimeProvider.GetUtcNow()).Status.ToString();
            await ErrorResponses.WriteAsync(context, 400, "BadRequest", $"Machine action {action.Id} is already {status}: only a Pending or InProgress action can be cancelled.").ConfigureAwait(false);
            return;
        }

        await WriteActionAsync(context, StatusCodes.Status200OK, action).ConfigureAwait(false);
    }

    private Task WriteActionAsync(HttpContext context, int statusCode, LiveResponseAction action)
    {
        MachineAction model = MachineActionMapper.ToModel(action, action.Evaluate(_runtime.TimeProvider.GetUtcNow()), JsonResponses.ODataContext(context, EntityFragment));
        return JsonResponses.WriteAsync(context, statusCode, writer => MachineActionWriter.Write(writer, model));
    }
}
