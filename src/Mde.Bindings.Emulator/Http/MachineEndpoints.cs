using Mde.Bindings.Emulator.Auth;
using Mde.Bindings.Emulator.Hosting;
using Mde.Bindings.Emulator.Protocol;
using Mde.Bindings.Emulator.State;

namespace Mde.Bindings.Emulator.Http;

/// <summary>GetMachine: a device as the service describes it, by machine id or computer name (get-machine-by-id.md).</summary>
internal sealed class MachineEndpoints
{
    private const string EntityFragment = "Machines/$entity";

    private readonly EmulatorRuntime _runtime;

    public MachineEndpoints(EmulatorRuntime runtime)
    {
        _runtime = runtime;
    }

    public void Map(IEndpointRouteBuilder routes, ApiGuard guard) =>
        routes.MapOperation(guard, LiveResponseApiDescription.GetMachine, GetAsync);

    private Task GetAsync(HttpContext context, TokenClaims caller)
    {
        string id = OperationRoutes.RouteValue(context, "machineId");
        if (_runtime.State.FindDevice(id) is not { } device)
        {
            return ErrorResponses.WriteAsync(context, RequestError.NotFound($"Machine {id} was not found"));
        }

        DateTimeOffset now = _runtime.TimeProvider.GetUtcNow();
        var machine = new Machine
        {
            OdataContext = JsonResponses.ODataContext(context, EntityFragment),
            Id = device.Id,
            ComputerDnsName = device.ComputerDnsName,
            FirstSeen = _runtime.StartedAt,
            LastSeen = device.LastSeen ?? now,
            OsPlatform = device.OsPlatform,
            HealthStatus = device.HealthStatus,
            OnboardingStatus = device.OnboardingStatus,
            RbacGroupId = device.Group.Id,
            RbacGroupName = device.Group.Name,
            MachineTags = [],
        };
        return JsonResponses.WriteAsync(context, StatusCodes.Status200OK, machine, ProtocolJson.Context.Machine);
    }
}
